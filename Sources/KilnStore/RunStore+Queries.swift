import KilnPostgres

extension RunStore {
    /// Every run of a sweep, in registration order.
    package func runs(sweepID: Int64) throws -> [RunRecord] {
        try connection.query("SELECT \(RunRecord.columns) FROM runs r WHERE r.sweep_id = $1 ORDER BY r.id", [sweepID])
            .map(RunRecord.init(row:))
    }

    /// Runs currently held by a worker, across sweeps or in one.
    package func running(sweepID: Int64?) throws -> [RunRecord] {
        try connection.query(
            """
            SELECT \(RunRecord.columns) FROM runs r
            WHERE r.status = 'running' AND ($1::bigint IS NULL OR r.sweep_id = $1) ORDER BY r.id
            """, [sweepID]
        ).map(RunRecord.init(row:))
    }

    /// The run with numeric id `id`.
    package func run(id: Int64) throws -> RunRecord? {
        try connection.query("SELECT \(RunRecord.columns) FROM runs r WHERE r.id = $1", [id]).first.map(
            RunRecord.init(row:))
    }

    /// Runs named `name` (a name is unique within a sweep, not across sweeps), newest first.
    package func runs(named name: String) throws -> [RunRecord] {
        try connection.query("SELECT \(RunRecord.columns) FROM runs r WHERE r.name = $1 ORDER BY r.id DESC", [name])
            .map(RunRecord.init(row:))
    }

    /// A run given as its numeric id or its name; throws when it does not exist or the name is ambiguous.
    package func resolve(_ reference: String) throws -> RunRecord {
        if let id = Int64(reference), let run = try run(id: id) { return run }
        let matches = try runs(named: reference)
        guard let first = matches.first else {
            throw StoreError.notFound("no run '\(reference)'; list runs with: kiln runs")
        }
        guard matches.count == 1 else {
            throw StoreError.invalid(
                "run name '\(reference)' is in \(matches.count) sweeps; give its numeric id (kiln runs)")
        }
        return first
    }

    /// Asks for runs to stop: pending runs become `cancelled` at once, running ones are flagged for
    /// their worker (which stops the trainer and marks them `cancelled`). `runID` nil: the whole sweep.
    /// Returns how many runs were affected.
    @discardableResult
    package func cancel(sweepID: Int64, runID: Int64? = nil) throws -> Int {
        try connection.withTransaction { connection in
            let pending = try connection.execute(
                """
                UPDATE runs SET status = 'cancelled', cancel_requested = true, finished_at = now(), failure = 'cancelled'
                WHERE sweep_id = $1 AND ($2::bigint IS NULL OR id = $2) AND status = 'pending'
                """, [sweepID, runID])
            let running = try connection.execute(
                """
                UPDATE runs SET cancel_requested = true
                WHERE sweep_id = $1 AND ($2::bigint IS NULL OR id = $2) AND status = 'running'
                """, [sweepID, runID])
            try connection.notify(RunStore.channel, payload: String(sweepID))
            return pending + running
        }
    }

    /// Expires the leases of runs held by `workers` (known dead), so they can be taken back at once.
    @discardableResult
    package func expireLeases(workers: [String]) throws -> Int {
        guard !workers.isEmpty else { return 0 }
        let list = try JSONText(encoding: workers)
        return try connection.execute(
            """
            UPDATE runs SET lease_expires_at = now() - interval '1 second'
            WHERE status = 'running' AND worker IN (SELECT jsonb_array_elements_text($1::jsonb))
            """, [list])
    }
}
