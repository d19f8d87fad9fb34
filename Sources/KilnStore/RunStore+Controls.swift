import KilnPostgres

/// Controls over finished runs: retrying, deleting, and finding runs of an earlier spec version.
extension RunStore {
    /// Puts finished runs back in the queue: the runs of `sweepID` (or only `runID`) whose status is
    /// in `statuses` (`failed`, `cancelled`, `pruned`), and the runs branched from them that were cancelled
    /// because of them (`parent … failed`). Each gets its spec's `max_attempts` afresh: attempt
    /// numbers go on counting (attempt 4 follows attempt 3) and `max_attempts` becomes
    /// `attempt + retry_attempts`. Failure, exit code and cancel flag are cleared; checkpoints stay,
    /// so the next attempt resumes from the latest (a pruned run continues to its end). Returns the runs re-queued.
    @discardableResult
    package func retry(sweepID: Int64, runID: Int64? = nil, statuses: Set<RunStatus>) throws -> [RunRecord] {
        let wanted =
            "{"
            + statuses.filter { $0 == .failed || $0 == .cancelled || $0 == .pruned }.map(\.rawValue).sorted()
            .joined(separator: ",") + "}"
        return try connection.withTransaction { connection in
            let rows = try connection.query(
                """
                WITH RECURSIVE family AS (
                    SELECT id FROM runs
                    WHERE sweep_id = $1 AND ($2::bigint IS NULL OR id = $2) AND status = ANY($3::text[])
                    UNION
                    SELECT c.id FROM runs c JOIN family f ON c.parent_run_id = f.id
                    WHERE c.status = 'cancelled' AND c.failure LIKE 'parent %'
                ), requeued AS (
                    UPDATE runs r SET status = 'pending', cancel_requested = false, failure = NULL, exit_code = NULL,
                        finished_at = NULL, worker = NULL, lease_expires_at = NULL,
                        max_attempts = r.attempt + r.retry_attempts
                    FROM family WHERE r.id = family.id
                    RETURNING r.*
                )
                SELECT \(RunRecord.columns) FROM requeued r ORDER BY r.id
                """, [sweepID, runID, wanted]
            ).map(RunRecord.init(row:))
            if !rows.isEmpty { try connection.notify(RunStore.channel, payload: String(sweepID)) }
            return rows
        }
    }

    /// The runs `ids` and every run branched from them, directly or not, in id order.
    package func withDescendants(_ ids: [Int64]) throws -> [RunRecord] {
        try connection.query(
            """
            WITH RECURSIVE family AS (
                SELECT id FROM runs WHERE id = ANY($1::bigint[])
                UNION
                SELECT c.id FROM runs c JOIN family f ON c.parent_run_id = f.id
            )
            SELECT \(RunRecord.columns) FROM runs r JOIN family USING (id) ORDER BY r.id
            """, [ids]
        ).map(RunRecord.init(row:))
    }

    /// Deletes the runs `ids` and the runs branched from them (they were trained from their
    /// checkpoints), with their metrics, checkpoints and attempts, in one transaction. Refuses, deleting
    /// nothing, when one of them is running. Returns the runs deleted; their files are the caller's.
    @discardableResult
    package func delete(runIDs ids: [Int64]) throws -> [RunRecord] {
        guard !ids.isEmpty else { return [] }
        return try connection.withTransaction { connection in
            let store = RunStore(connection: connection)
            let family = try store.withDescendants(ids)
            // Lock them, so no worker claims one between the check and the delete (claims skip locked rows).
            _ = try connection.query(
                "SELECT id FROM runs WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE",
                [family.map(\.id)])
            let locked = try store.withDescendants(ids)
            if let running = locked.first(where: { $0.status == .running }) {
                throw StoreError.invalid(
                    "run \(running.name) is running; cancel it first (kiln cancel \(running.id)), then delete")
            }
            let familyIDs = locked.map(\.id)
            try MetricStore(connection: connection).delete(runIDs: locked.map(\.id))
            try connection.execute("DELETE FROM runs WHERE id = ANY($1::bigint[])", [familyIDs])
            return locked
        }
    }

    /// Runs of `sweepID` that the spec's current version does not produce: registered by an earlier
    /// version and not by the latest registration. Empty when the latest registration predates the
    /// tracking of versions (migration 5).
    package func staleRuns(sweepID: Int64) throws -> [RunRecord] {
        try connection.query(
            """
            SELECT \(RunRecord.columns) FROM runs r JOIN sweeps s ON s.id = r.sweep_id
            WHERE r.sweep_id = $1 AND r.spec_hash IS DISTINCT FROM s.spec_hash
              AND EXISTS (SELECT 1 FROM runs c WHERE c.sweep_id = $1 AND c.spec_hash = s.spec_hash)
            ORDER BY r.id
            """, [sweepID]
        ).map(RunRecord.init(row:))
    }
}
