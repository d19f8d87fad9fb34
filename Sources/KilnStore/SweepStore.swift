import Foundation
import KilnPostgres

/// Sweeps and the registration of their runs.
package struct SweepStore {
    package let connection: Connection

    package init(connection: Connection) {
        self.connection = connection
    }

    /// Creates the sweep, or updates its spec when the file changed. Returns its id.
    package func upsert(name: String, description: String, specText: String, specHash: String, specPath: String?) throws
        -> Int64
    {
        let rows = try connection.query(
            """
            INSERT INTO sweeps (name, description, spec_text, spec_hash, spec_path) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (name) DO UPDATE SET description = EXCLUDED.description, spec_text = EXCLUDED.spec_text,
                spec_hash = EXCLUDED.spec_hash, spec_path = EXCLUDED.spec_path
            RETURNING id
            """, [name, description, specText, specHash, specPath])
        return try rows[0].decode(Int64.self, at: 0)
    }

    /// Registers runs idempotently in one transaction: runs already present (same name) are left
    /// alone, new ones are added with their trainers (in the one INSERT) and linked to their parents, and every run of the plan is marked
    /// with `specHash` (the spec version that produced it; see `RunStore.staleRuns`). Returns how
    /// many were added.
    @discardableResult
    package func register(_ runs: [NewRun], sweepID: Int64, specHash: String? = nil) throws -> Int {
        let encoder = JSONEncoder()
        let payload = String(decoding: try encoder.encode(runs), as: UTF8.self)
        return try connection.withTransaction { connection in
            // The planner has no statistics for rows this transaction just inserted; a nested loop
            // over them makes the parent-linking UPDATE quadratic (21 s for 10,000 runs).
            try connection.execute("SET LOCAL enable_nestloop = off")
            let added = try connection.execute(
                """
                INSERT INTO runs (sweep_id, name, stage, params, config_hash, parent_step, priority, threads,
                                  timeout_seconds, max_attempts, retry_attempts, total_steps, params_count, tokens,
                                  flops, spec_hash, trainer, parent_optimizer, parent_keep_step)
                SELECT $1, x.name, x.stage, x.params::jsonb, x.config_hash, x.parent_step, coalesce(x.priority, 0),
                       coalesce(x.threads, 1), x.timeout_seconds, x.max_attempts, x.max_attempts, x.total_steps,
                       x.params_count, x.tokens, x.flops, $3::text, x.trainer::jsonb, x.parent_optimizer, x.parent_keep_step
                FROM jsonb_to_recordset($2::jsonb) AS x(
                    name text, stage text, params text, config_hash text, parent_step bigint, priority integer,
                    threads integer, timeout_seconds double precision, max_attempts integer, total_steps bigint,
                    params_count bigint, tokens bigint, flops double precision, trainer text, parent_optimizer boolean,
                    parent_keep_step boolean)
                ON CONFLICT (sweep_id, name) DO NOTHING
                """, [sweepID, payload, specHash])
            try connection.execute(
                """
                UPDATE runs r SET parent_run_id = p.id
                FROM jsonb_to_recordset($2::jsonb) AS x(name text, parent_name text)
                JOIN runs p ON p.sweep_id = $1 AND p.name = x.parent_name
                WHERE r.sweep_id = $1 AND r.name = x.name AND r.parent_run_id IS NULL
                """, [sweepID, payload])
            if let specHash {
                try connection.execute(
                    """
                    UPDATE runs r SET spec_hash = $3
                    FROM jsonb_to_recordset($2::jsonb) AS x(name text)
                    WHERE r.sweep_id = $1 AND r.name = x.name AND r.spec_hash IS DISTINCT FROM $3
                    """, [sweepID, payload, specHash])
            }
            return added
        }
    }

    /// The sweep named `name`.
    package func sweep(named name: String) throws -> SweepRecord? {
        try connection.query("\(Self.select) WHERE name = $1", [name]).first.map(Self.record)
    }

    /// Every sweep, newest first.
    package func all() throws -> [SweepRecord] {
        try connection.query("\(Self.select) ORDER BY created_at DESC, id DESC").map(Self.record)
    }

    /// Deletes a sweep with its runs, checkpoints, attempts, metrics and fits (not their files: see
    /// `RunStore.delete(runIDs:)`, which refuses running runs).
    package func delete(id: Int64) throws {
        try connection.withTransaction { connection in
            try connection.execute(
                "DELETE FROM metrics WHERE run_id IN (SELECT id FROM runs WHERE sweep_id = $1)", [id])
            try connection.execute("DELETE FROM sweeps WHERE id = $1", [id])
        }
    }

    private static let select = """
        SELECT id, name, description, spec_text, spec_hash, spec_path, extract(epoch FROM created_at) FROM sweeps
        """

    private static func record(_ row: Row) throws -> SweepRecord {
        SweepRecord(
            id: try row.decode(at: 0), name: try row.decode(at: 1), description: try row.decode(at: 2),
            specText: try row.decode(at: 3), specHash: try row.decode(at: 4), specPath: try row.decode(at: 5),
            createdAt: try row.decode(at: 6))
    }
}
