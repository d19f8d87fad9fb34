import KilnPostgres

/// A stored fit: its kind, what it was fitted on, and what came out, as JSON documents.
package struct FitRecord: Sendable, Hashable {
    package var id: Int64
    /// `chinchilla`, `isoflop`, `envelope`, `annealing`, `multipower`.
    package var kind: String
    package var sweepID: Int64?
    /// The metric fitted (`val/prose/loss`, `train/loss`, …); `nil` for fits saved before Kiln recorded it.
    package var metric: String?
    package var inputs: String
    package var parameters: String
    package var summary: String
    /// Seconds since 1970.
    package var createdAt: Double
}

/// Every fit Kiln makes from the store is saved here with its inputs.
package struct FitStore {
    package let connection: Connection

    package init(connection: Connection) {
        self.connection = connection
    }

    /// Saves a fit of `metric` (`nil` when the data named none, as a CSV's loss column); JSON arguments are
    /// documents (objects or arrays). Returns its id.
    @discardableResult
    package func save(
        kind: String, sweepID: Int64?, metric: String? = nil, inputs: String, parameters: String, summary: String = "{}"
    ) throws -> Int64 {
        try connection.query(
            """
            INSERT INTO fits (kind, sweep_id, metric, inputs, parameters, summary)
            VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb)
            RETURNING id
            """, [kind, sweepID, metric, inputs, parameters, summary])[0].decode(Int64.self, at: 0)
    }

    /// The fits of a sweep, newest first (optionally of one kind).
    package func fits(sweepID: Int64, kind: String? = nil) throws -> [FitRecord] {
        try connection.query(
            """
            SELECT id, kind, sweep_id, metric, inputs::text, parameters::text, summary::text, extract(epoch FROM created_at)
            FROM fits WHERE sweep_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY created_at DESC, id DESC
            """, [sweepID, kind]
        ).map {
            FitRecord(
                id: try $0.decode(at: 0), kind: try $0.decode(at: 1), sweepID: try $0.decode(at: 2),
                metric: try $0.decode(at: 3), inputs: try $0.decode(at: 4), parameters: try $0.decode(at: 5),
                summary: try $0.decode(at: 6), createdAt: try $0.decode(at: 7))
        }
    }
}
