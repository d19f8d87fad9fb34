import KilnPostgres

/// A run as stored in the queue.
public struct RunRecord: Sendable, Hashable {
    public var id: Int64
    public var sweepID: Int64
    /// The plan's run id (`<stage>-<tag>-<hash>`), unique within the sweep.
    public var name: String
    public var stage: String
    public var status: RunStatus
    /// Attempts started so far (the current one while running).
    public var attempt: Int
    public var maxAttempts: Int
    /// Cores the run occupies (its BLAS threads).
    public var threads: Int
    /// Seconds before the scheduler stops an attempt, none if nil.
    public var timeoutSeconds: Double?
    /// `host/pid/slot` of the worker holding or last holding the run.
    public var worker: String?
    public var exitCode: Int?
    /// Why the run did not succeed ("exit 1", "signal 11", "timed out after 5 s", "diverged", …).
    public var failure: String?
    /// The last lines of the trainer's output, stored when an attempt fails.
    public var logTail: String?
    public var parentRunID: Int64?
    /// The parent's checkpoint step this run starts from; nil: the parent's final checkpoint.
    public var parentStep: Int?
    public var parentOptimizer: Bool
    public var parentKeepStep: Bool
    /// The resolved trainer as JSON (`{"builtin": {…}}` or `{"command": […]}`), nil until attached.
    public var trainer: String?
    /// The resolved parameters as a JSON object.
    public var params: String
    public var runDirectory: String?
    public var logPath: String?
    public var totalSteps: Int?
    /// Tokens the whole run trains on.
    public var tokens: Int?
    public var malformedLines: Int
    /// The latest step, loss and throughput reported with a heartbeat.
    public var progressStep: Int?
    public var progressLoss: Double?
    public var tokensPerSecond: Double?
    public var cancelRequested: Bool
    /// Seconds since 1970.
    public var startedAt: Double?
    /// Seconds since 1970.
    public var finishedAt: Double?

    /// The columns `init(row:)` reads, in order, for `SELECT … FROM runs r`.
    static let columns = """
        r.id, r.sweep_id, r.name, r.stage, r.status, r.attempt, r.max_attempts, r.threads, r.timeout_seconds,
        r.worker, r.exit_code, r.failure, r.log_tail, r.parent_run_id, r.parent_step, r.parent_optimizer,
        r.parent_keep_step, r.trainer::text, r.params::text, r.run_dir, r.log_path, r.total_steps, r.tokens,
        r.malformed_lines, r.progress_step, r.progress_loss, r.tokens_per_second, r.cancel_requested,
        extract(epoch FROM r.started_at)::float8, extract(epoch FROM r.finished_at)::float8
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
    }
}

/// How many runs of a sweep are in each state.
public struct SweepProgress: Sendable, Hashable, Codable {
    public var pending = 0
    public var running = 0
    public var succeeded = 0
    public var failed = 0
    public var cancelled = 0

    public init() {}

    /// Every run of the sweep.
    public var total: Int { pending + running + succeeded + failed + cancelled }
    /// Runs that will not change again.
    public var finished: Int { succeeded + failed + cancelled }
    /// `true` when no run is pending or running.
    public var isComplete: Bool { pending == 0 && running == 0 }
}

/// What a trainer reported at a heartbeat.
public struct RunProgress: Sendable, Hashable {
    public var step: Int?
    public var loss: Double?
    public var tokensPerSecond: Double?

    public init(step: Int? = nil, loss: Double? = nil, tokensPerSecond: Double? = nil) {
        self.step = step
        self.loss = loss
        self.tokensPerSecond = tokensPerSecond
    }
}

/// How an attempt ended, as the worker reports it.
public struct AttemptResult: Sendable, Hashable {
    /// `succeeded`, `failed` or `cancelled`.
    public var status: RunStatus
    /// A failed attempt goes back to `pending` when this is true and attempts remain.
    public var retryable: Bool
    public var exitCode: Int?
    public var failure: String?
    public var logTail: String?
    public var malformedLines: Int
    /// The last step and loss the trainer reported.
    public var progress = RunProgress()

    public init(status: RunStatus, retryable: Bool = false, exitCode: Int? = nil, failure: String? = nil,
                logTail: String? = nil, malformedLines: Int = 0) {
        self.status = status
        self.retryable = retryable
        self.exitCode = exitCode
        self.failure = failure
        self.logTail = logTail
        self.malformedLines = malformedLines
    }
}
