import KilnPostgres

/// A run as stored in the queue.
package struct RunRecord: Sendable, Hashable {
    /// Numeric id, unique across sweeps.
    package var id: Int64
    /// The sweep the run belongs to.
    package var sweepID: Int64
    /// The plan's run id (`<stage>-<tag>-<hash>`), unique within the sweep.
    package var name: String
    /// The stage of the spec that produced the run.
    package var stage: String
    /// Where the run is in the queue.
    package var status: RunStatus
    /// Attempts started so far (the current one while running).
    package var attempt: Int
    /// Attempts allowed before a failing run stays `failed`.
    package var maxAttempts: Int
    /// Cores the run occupies (its BLAS threads).
    package var threads: Int
    /// Seconds before the scheduler stops an attempt, none if nil.
    package var timeoutSeconds: Double?
    /// `host/pid/slot` of the worker holding or last holding the run.
    package var worker: String?
    /// The trainer's exit status of the latest attempt (nil when killed by a signal).
    package var exitCode: Int?
    /// Why the run did not succeed ("exit 1", "signal 11", "timed out after 5 s", "diverged", …).
    package var failure: String?
    /// The last 40 lines of the trainer's output in the latest attempt.
    package var logTail: String?
    /// The earlier run whose checkpoint this run starts from (it must succeed first).
    package var parentRunID: Int64?
    /// The parent's checkpoint step this run starts from; nil: the parent's final checkpoint.
    package var parentStep: Int?
    /// Load the parent's optimizer state too.
    package var parentOptimizer: Bool
    /// Continue the parent's step counter (a WSD cooldown branch).
    package var parentKeepStep: Bool
    /// The resolved trainer as JSON (`{"builtin": {…}}` or `{"command": […]}`), stored when the run was registered.
    package var trainer: String?
    /// The resolved parameters as a JSON object.
    package var params: String
    /// `.kiln/runs/<id>` of the worker that last claimed the run.
    package var runDirectory: String?
    /// `<runDirectory>/log.txt`.
    package var logPath: String?
    /// Optimizer steps of the whole run, when the plan knows them.
    package var totalSteps: Int?
    /// Tokens the whole run trains on.
    package var tokens: Int?
    /// Trainer output lines that were not valid protocol, over all attempts.
    package var malformedLines: Int
    /// The latest step, loss and throughput reported with a heartbeat.
    package var progressStep: Int?
    /// The latest training loss reported.
    package var progressLoss: Double?
    /// Training tokens per second of the current attempt.
    package var tokensPerSecond: Double?
    /// `kiln cancel` asked the worker to stop the run.
    package var cancelRequested: Bool
    /// Seconds since 1970.
    package var startedAt: Double?
    /// Seconds since 1970.
    package var finishedAt: Double?
    /// The spec file the sweep was last registered from (on the machine that registered it).
    package var specPath: String?

    /// The columns `init(row:)` reads, in order, for `SELECT … FROM runs r`.
    static let columns = """
        r.id, r.sweep_id, r.name, r.stage, r.status, r.attempt, r.max_attempts, r.threads, r.timeout_seconds,
        r.worker, r.exit_code, r.failure, r.log_tail, r.parent_run_id, r.parent_step, r.parent_optimizer,
        r.parent_keep_step, r.trainer::text, r.params::text, r.run_dir, r.log_path, r.total_steps, r.tokens,
        r.malformed_lines, r.progress_step, r.progress_loss, r.tokens_per_second, r.cancel_requested,
        extract(epoch FROM r.started_at)::float8, extract(epoch FROM r.finished_at)::float8,
        (SELECT s.spec_path FROM sweeps s WHERE s.id = r.sweep_id)
        """

    init(row: Row) throws {
        id = try row.decode(at: 0)
        sweepID = try row.decode(at: 1)
        name = try row.decode(at: 2)
        stage = try row.decode(at: 3)
        let rawStatus = try row.decode(String.self, at: 4)
        guard let status = RunStatus(rawValue: rawStatus) else {
            throw PostgresError(.decoding, message: "unknown run status '\(rawStatus)'")
        }
        self.status = status
        attempt = try row.decode(at: 5)
        maxAttempts = try row.decode(at: 6)
        threads = try row.decode(at: 7)
        timeoutSeconds = try row.decode(at: 8)
        worker = try row.decode(at: 9)
        exitCode = try row.decode(at: 10)
        failure = try row.decode(at: 11)
        logTail = try row.decode(at: 12)
        parentRunID = try row.decode(at: 13)
        parentStep = try row.decode(at: 14)
        parentOptimizer = try row.decode(at: 15)
        parentKeepStep = try row.decode(at: 16)
        trainer = try row.decode(at: 17)
        params = try row.decode(at: 18)
        runDirectory = try row.decode(at: 19)
        logPath = try row.decode(at: 20)
        totalSteps = try row.decode(at: 21)
        tokens = try row.decode(at: 22)
        malformedLines = try row.decode(at: 23)
        progressStep = try row.decode(at: 24)
        progressLoss = try row.decode(at: 25)
        tokensPerSecond = try row.decode(at: 26)
        cancelRequested = try row.decode(at: 27)
        startedAt = try row.decode(at: 28)
        finishedAt = try row.decode(at: 29)
        specPath = try row.decode(at: 30)
    }
}

/// How many runs of a sweep are in each state.
package struct SweepProgress: Sendable, Hashable, Codable {
    /// Runs waiting for a worker.
    package var pending = 0
    /// Runs a worker holds.
    package var running = 0
    /// Runs whose trainer exited 0.
    package var succeeded = 0
    /// Runs that failed for good.
    package var failed = 0
    /// Runs cancelled by hand or because their parent did not succeed.
    package var cancelled = 0
    /// Runs stopped by the sweep's `early_stop:` rule.
    package var pruned = 0

    /// No runs.
    package init() {}

    /// Every run of the sweep.
    package var total: Int { pending + running + succeeded + failed + cancelled + pruned }
    /// Runs that will not change again.
    package var finished: Int { succeeded + failed + cancelled + pruned }
    /// `true` when no run is pending or running.
    package var isComplete: Bool { pending == 0 && running == 0 }
}

/// What a trainer reported at a heartbeat.
package struct RunProgress: Sendable, Hashable {
    /// The latest step reported.
    package var step: Int?
    /// The latest training loss reported.
    package var loss: Double?
    /// Training tokens per second of the current attempt.
    package var tokensPerSecond: Double?

    /// Progress from its parts.
    package init(step: Int? = nil, loss: Double? = nil, tokensPerSecond: Double? = nil) {
        self.step = step
        self.loss = loss
        self.tokensPerSecond = tokensPerSecond
    }
}

/// How an attempt ended, as the worker reports it.
package struct AttemptResult: Sendable, Hashable {
    /// `succeeded`, `failed`, `cancelled` or `pruned`.
    package var status: RunStatus
    /// A failed attempt goes back to `pending` when this is true and attempts remain.
    package var retryable: Bool
    /// The trainer's exit status; nil when a signal ended it.
    package var exitCode: Int?
    /// Why the attempt did not succeed.
    package var failure: String?
    /// The last lines of the attempt's output.
    package var logTail: String?
    /// Output lines that were not valid protocol.
    package var malformedLines: Int
    /// The last step and loss the trainer reported.
    package var progress = RunProgress()

    /// A result; `malformedLines` and `logTail` are filled in by the executor.
    package init(
        status: RunStatus, retryable: Bool = false, exitCode: Int? = nil, failure: String? = nil,
        logTail: String? = nil, malformedLines: Int = 0
    ) {
        self.status = status
        self.retryable = retryable
        self.exitCode = exitCode
        self.failure = failure
        self.logTail = logTail
        self.malformedLines = malformedLines
    }
}
