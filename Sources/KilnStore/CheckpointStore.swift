import KilnPostgres

/// Checkpoints runs have written, by step: where a re-attempt resumes and a child run starts.
package struct CheckpointStore {
    /// The connection every call uses (owned by the caller's thread).
    package let connection: Connection

    /// A store over `connection`.
    package init(connection: Connection) {
        self.connection = connection
    }

    /// Records that `runID` wrote a checkpoint for `step` at `path` (the latest report wins).
    package func record(runID: Int64, step: Int, path: String) throws {
        try connection.query(
            prepared: "kiln_checkpoint",
            """
            INSERT INTO checkpoints (run_id, step, path) VALUES ($1, $2, $3)
            ON CONFLICT (run_id, step) DO UPDATE SET path = EXCLUDED.path, created_at = now()
            """, [runID, step, path])
        try connection.execute("UPDATE runs SET checkpoint_path = $2 WHERE id = $1", [runID, path])
    }

    /// The checkpoint of `runID` at `step`, or its latest when `step` is nil.
    package func checkpoint(runID: Int64, step: Int? = nil) throws -> (step: Int, path: String)? {
        try connection.query(
            """
            SELECT step, path FROM checkpoints WHERE run_id = $1 AND ($2::bigint IS NULL OR step = $2)
            ORDER BY step DESC LIMIT 1
            """, [runID, step]
        ).first.map { (try $0.decode(Int.self, at: 0), try $0.decode(String.self, at: 1)) }
    }
}
