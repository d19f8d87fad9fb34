import KilnPostgres

/// Live workers and the GPUs they have (`workers`), for saying why a run that needs GPUs waits.
package struct WorkerStore {
    package let connection: Connection

    package init(connection: Connection) {
        self.connection = connection
    }

    /// Records that `worker` is alive now with `gpus` GPUs.
    package func announce(worker: String, gpus: Int) throws {
        try connection.execute(
            """
            INSERT INTO workers (name, gpus) VALUES ($1, $2)
            ON CONFLICT (name) DO UPDATE SET gpus = EXCLUDED.gpus, seen_at = now()
            """, [worker, gpus])
    }

    /// Forgets `worker` (it is exiting).
    package func leave(worker: String) throws {
        try connection.execute("DELETE FROM workers WHERE name = $1", [worker])
    }

    /// A pending run that needs more GPUs than any live worker has.
    package struct GPUShortage: Sendable, Equatable {
        package var run: String
        package var needed: Int
        /// The most GPUs a live worker has (0 when no worker is live).
        package var available: Int
    }

    /// The sweep's pending runs that no live worker can take for want of GPUs. A worker is live when
    /// it announced itself within `liveSeconds` or holds a running run.
    package func gpuShortages(sweepID: Int64, liveSeconds: Double) throws -> [GPUShortage] {
        try connection.query(
            """
            WITH live AS (
                SELECT coalesce(max(w.gpus), 0) AS gpus FROM workers w
                WHERE w.seen_at > now() - make_interval(secs => $2::float8)
                   OR EXISTS (SELECT 1 FROM runs x WHERE x.worker = w.name AND x.status = 'running')
            )
            SELECT r.name, \(RunRecord.gpusSQL)::int, live.gpus FROM runs r, live
            WHERE r.sweep_id = $1 AND r.status = 'pending' AND \(RunRecord.gpusSQL) > live.gpus
            ORDER BY r.id
            """, [sweepID, liveSeconds]
        ).map {
            GPUShortage(
                run: try $0.decode(String.self, at: 0), needed: try $0.decode(Int.self, at: 1),
                available: try $0.decode(Int.self, at: 2))
        }
    }
}
