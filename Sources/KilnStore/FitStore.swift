import KilnPostgres

/// A stored fit: its kind, what it was fitted on, and what came out, as JSON documents.
public struct FitRecord: Sendable, Hashable {
    public var id: Int64
    /// `chinchilla`, `isoflop`, `envelope`, `annealing`, `multipower`.
    public var kind: String
    public var sweepID: Int64?
    public var inputs: String
    public var parameters: String
    public var summary: String
    /// Seconds since 1970.
    public var createdAt: Double
}

/// Every fit Kiln makes from the store is saved here with its inputs.
public struct FitStore {
    public let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    /// Saves a fit; JSON arguments are documents (objects or arrays). Returns its id.
    @discardableResult
    public func save(kind: String, sweepID: Int64?, inputs: String, parameters: String, summary: String = "{}") throws -> Int64 {
        try connection.query("""
            INSERT INTO fits (kind, sweep_id, inputs, parameters, summary) VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb)
            RETURNING id
            """, [kind, sweepID, inputs, parameters, summary])[0].decode(Int64.self, at: 0)
    }

    /// The fits of a sweep, newest first (optionally of one kind).
    public func fits(sweepID: Int64, kind: String? = nil) throws -> [FitRecord] {
        try connection.query("""
            SELECT id, kind, sweep_id, inputs::text, parameters::text, summary::text, extract(epoch FROM created_at)
            FROM fits WHERE sweep_id = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY created_at DESC, id DESC
            """, [sweepID, kind]).map {
            FitRecord(
                id: try $0.decode(at: 0), kind: try $0.decode(at: 1), sweepID: try $0.decode(at: 2),
                inputs: try $0.decode(at: 3), parameters: try $0.decode(at: 4), summary: try $0.decode(at: 5),
                createdAt: try $0.decode(at: 6))
        }
    }
}
