import KilnPostgres
import KilnProtocol

/// The run queue: claiming with `FOR UPDATE SKIP LOCKED`, leases renewed by heartbeats, and
/// finishing fenced by (worker, attempt) so a worker whose lease was taken back writes nothing.
/// Leases use the database clock. Every status change notifies channel `kiln_runs` with the sweep id.
package struct RunStore {
    /// The connection every call uses (owned by the caller's thread).
    package let connection: Connection

    /// The channel `pg_notify` wakes idle workers on; the payload is the sweep id.
    package static let channel = "kiln_runs"

    /// A store over `connection`.
    package init(connection: Connection) {
        self.connection = connection
    }

    /// Claims the next runnable run: pending (or running with an expired lease) with attempts left,
    /// its parent succeeded, not cancelled, needing at most `freeThreads` cores (a run asking for
    /// more than `cores` counts as `cores`) and at most `freeGPUs` GPUs (`gpus`). Returns it with `attempt` already incremented, its
    /// `run_dir` set to `<runsDirectory>/<id>` and `log_path` to `<run_dir>/log.txt`. In the same
    /// statement the attempt gets its row in `attempts` (host, Kiln version), and a row of an earlier
    /// attempt still marked running (its worker died) becomes `lost`.
    package func claim(
        worker: String, sweepID: Int64?, leaseSeconds: Double, freeThreads: Int, cores: Int,
        freeGPUs: Int = 0, runsDirectory: String = ".kiln/runs"
    ) throws -> RunRecord? {
        let rows = try connection.query(
            prepared: "kiln_claim",
            """
            WITH next AS (
                SELECT r.id FROM runs r
                WHERE ($1::bigint IS NULL OR r.sweep_id = $1)
                  AND (r.status = 'pending' OR (r.status = 'running' AND r.lease_expires_at < now()))
                  AND r.attempt < r.max_attempts
                  AND r.trainer IS NOT NULL AND NOT r.cancel_requested
                  AND least(r.threads, $5::int) <= $4::int
                  AND \(RunRecord.gpusSQL) <= $8::int
                  AND (r.parent_run_id IS NULL
                       OR EXISTS (SELECT 1 FROM runs p WHERE p.id = r.parent_run_id AND p.status = 'succeeded'))
                ORDER BY r.priority, r.id
                LIMIT 1
                FOR UPDATE OF r SKIP LOCKED
            ), claimed AS (
                UPDATE runs r
                SET status = 'running', worker = $2, attempt = r.attempt + 1, started_at = now(), finished_at = NULL,
                    heartbeat_at = now(), lease_expires_at = now() + make_interval(secs => $3::float8),
                    progress_step = NULL, progress_loss = NULL, tokens_per_second = NULL,
                    run_dir = $6 || '/' || r.id, log_path = $6 || '/' || r.id || '/log.txt'
                FROM next WHERE r.id = next.id
                RETURNING r.*
            ), lost AS (
                UPDATE attempts a SET status = 'lost', finished_at = now(), failure = 'lease expired'
                FROM claimed c WHERE a.run_id = c.id AND a.status = 'running'
            ), recorded AS (
                INSERT INTO attempts (run_id, attempt, worker, host, kiln_version)
                SELECT c.id, c.attempt, $2, split_part($2, '/', 1), $7 FROM claimed c
            )
            SELECT \(RunRecord.columns) FROM claimed r
            """, [sweepID, worker, leaseSeconds, freeThreads, cores, runsDirectory, KilnVersion.current, freeGPUs])
        return try rows.first.map(RunRecord.init(row:))
    }

    /// Renews the lease and stores progress. Returns nil when the lease is lost (another worker
    /// holds the run, or it finished); otherwise whether a cancel was requested.
    package func heartbeat(runID: Int64, worker: String, attempt: Int, leaseSeconds: Double, progress: RunProgress)
        throws -> Bool?
    {
        let rows = try connection.query(
            prepared: "kiln_heartbeat",
            """
            UPDATE runs SET heartbeat_at = now(), lease_expires_at = now() + make_interval(secs => $4::float8),
                progress_step = coalesce($5, progress_step), progress_loss = coalesce($6, progress_loss),
                tokens_per_second = coalesce($7, tokens_per_second)
            WHERE id = $1 AND worker = $2 AND attempt = $3 AND status = 'running'
            RETURNING cancel_requested
            """, [runID, worker, attempt, leaseSeconds, progress.step, progress.loss, progress.tokensPerSecond])
        return try rows.first.map { try $0.decode(Bool.self, at: 0) }
    }

    /// Ends the attempt. A retryable failure with attempts left (and no cancel requested) goes back
    /// to `pending`. The attempt's row in `attempts` gets how it ended. Returns the new status, or nil
    /// when the lease was lost (nothing written).
    @discardableResult
    package func finish(runID: Int64, worker: String, attempt: Int, result: AttemptResult) throws -> RunStatus? {
        let rows = try connection.query(
            prepared: "kiln_finish",
            """
            WITH done AS (
                UPDATE runs r
                SET status = CASE WHEN $5 AND r.attempt < r.max_attempts AND NOT r.cancel_requested THEN 'pending'
                                  WHEN r.cancel_requested AND $4 <> 'succeeded' THEN 'cancelled'
                                  ELSE $4 END,
                    finished_at = now(), lease_expires_at = NULL, exit_code = $6, failure = $7,
                    log_tail = $8, malformed_lines = r.malformed_lines + $9::int,
                    progress_step = coalesce($10, r.progress_step), progress_loss = coalesce($11, r.progress_loss)
                WHERE r.id = $1 AND r.worker = $2 AND r.attempt = $3 AND r.status = 'running'
                RETURNING r.status, r.sweep_id
            ), recorded AS (
                UPDATE attempts a
                SET status = CASE WHEN d.status = 'pending' THEN $4 ELSE d.status END, finished_at = now(),
                    exit_code = $6, failure = $7
                FROM done d WHERE a.run_id = $1 AND a.worker = $2 AND a.attempt = $3 AND a.status = 'running'
            )
            SELECT status, pg_notify('kiln_runs', sweep_id::text) FROM done
            """,
            [
                runID, worker, attempt, result.status.rawValue, result.retryable, result.exitCode, result.failure,
                result.logTail, result.malformedLines, result.progress.step, result.progress.loss,
            ])
        return try rows.first.flatMap { RunStatus(rawValue: try $0.decode(String.self, at: 0)) }
    }

    /// Gives back a claimed run (the worker is stopping, or cannot prepare it): pending again, the
    /// attempt not counted; its row in `attempts` says `released`, with `why` when given. A run whose
    /// cancel was requested meanwhile (`kiln cancel` while its worker was stopping: scancel) becomes
    /// `cancelled` instead, since no worker claims a run flagged so.
    package func release(runID: Int64, worker: String, attempt: Int, why: String? = nil) throws {
        try connection.execute(
            """
            WITH released AS (
                UPDATE runs SET status = CASE WHEN cancel_requested THEN 'cancelled' ELSE 'pending' END,
                    finished_at = CASE WHEN cancel_requested THEN now() ELSE finished_at END,
                    failure = CASE WHEN cancel_requested THEN 'cancelled' ELSE failure END,
                    attempt = attempt - 1, worker = NULL, lease_expires_at = NULL
                WHERE id = $1 AND worker = $2 AND attempt = $3 AND status = 'running'
                RETURNING id
            )
            UPDATE attempts a SET status = 'released', finished_at = now(), failure = coalesce($4, 'interrupted')
            FROM released WHERE a.run_id = released.id AND a.worker = $2 AND a.attempt = $3 AND a.status = 'running'
            """, [runID, worker, attempt, why])
    }

    /// Settles runs nobody can finish: a run whose lease expired becomes `cancelled` when a cancel
    /// was requested (its worker died before it could stop it) and `failed` when it has no attempts
    /// left; pending runs whose parent failed, was cancelled or was pruned become `cancelled`. The attempt rows
    /// of the runs whose worker died become `lost`. Returns how many runs changed.
    @discardableResult
    package func reap(sweepID: Int64?) throws -> Int {
        let expired = try connection.query(
            prepared: "kiln_reap_expired",
            """
            WITH dead AS (
                UPDATE runs SET status = CASE WHEN cancel_requested THEN 'cancelled' ELSE 'failed' END,
                    finished_at = now(), lease_expires_at = NULL,
                    failure = CASE WHEN cancel_requested
                                   THEN 'cancelled (worker ' || coalesce(worker, '?') || ' had stopped heartbeating)'
                                   ELSE 'lease expired: worker ' || coalesce(worker, '?') || ' stopped heartbeating' END
                WHERE ($1::bigint IS NULL OR sweep_id = $1) AND status = 'running'
                  AND lease_expires_at < now() AND (attempt >= max_attempts OR cancel_requested)
                RETURNING id, sweep_id
            ), lost AS (
                UPDATE attempts a SET status = 'lost', finished_at = now(), failure = 'lease expired'
                FROM dead WHERE a.run_id = dead.id AND a.status = 'running'
            )
            SELECT pg_notify('kiln_runs', sweep_id::text) FROM dead
            """, [sweepID]
        ).count
        let orphans = try connection.query(
            prepared: "kiln_reap_orphans",
            """
            WITH orphan AS (
                UPDATE runs r SET status = 'cancelled', finished_at = now(),
                    failure = 'parent ' || p.name || ' ' || p.status
                FROM runs p
                WHERE ($1::bigint IS NULL OR r.sweep_id = $1) AND r.status = 'pending'
                  AND p.id = r.parent_run_id AND p.status IN ('failed', 'cancelled', 'pruned')
                RETURNING r.sweep_id
            )
            SELECT pg_notify('kiln_runs', sweep_id::text) FROM orphan
            """, [sweepID]
        ).count
        return expired + orphans
    }

    /// Counts the runs of a sweep by state.
    package func progress(sweepID: Int64) throws -> SweepProgress {
        var progress = SweepProgress()
        for row in try connection.query(
            prepared: "kiln_progress",
            "SELECT status, count(*) FROM runs WHERE sweep_id = $1 GROUP BY status", [sweepID])
        {
            let count = try row.decode(Int.self, at: 1)
            switch RunStatus(rawValue: try row.decode(String.self, at: 0)) {
            case .pending: progress.pending = count
            case .running: progress.running = count
            case .succeeded: progress.succeeded = count
            case .failed: progress.failed = count
            case .cancelled: progress.cancelled = count
            case .pruned: progress.pruned = count
            case nil: break
            }
        }
        return progress
    }
}
