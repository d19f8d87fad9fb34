import Foundation
import KilnPostgres
import KilnStore
import Synchronization

/// The worker loop: claim a runnable run, execute it, record how it ended, repeat. Idle workers wait
/// for a `kiln_runs` notification or the poll timeout. Any worker also reaps runs nobody can finish.
/// Blocking throughout: call `run()` on a dedicated thread.
public final class QueueWorker: Sendable {
    /// `host/pid/slot`, stored in `runs.worker`.
    public let name: String
    private let settings: SchedulerSettings
    private let sweepID: Int64?
    private let maxRuns: Int?
    private let budget: CoreBudget
    private let board: ProgressBoard?
    private let stopping = Mutex(false)
    private let heartbeat: Mutex<Heartbeat?> = Mutex(nil)

    /// A worker for one sweep (it returns once the sweep has no pending or running run) or for every
    /// sweep (it returns after `maxRuns`, or when stopped).
    public init(settings: SchedulerSettings, slot: Int, sweepID: Int64?, maxRuns: Int? = nil, budget: CoreBudget,
                board: ProgressBoard? = nil) {
        name = "\(ProcessInfo.processInfo.hostName)/\(getpid())/\(slot)"
        self.settings = settings
        self.sweepID = sweepID
        self.maxRuns = maxRuns
        self.budget = budget
        self.board = board
    }

    /// Asks the loop to return after the current run.
    public func stop() {
        stopping.withLock { $0 = true }
    }

    /// Stops the current trainer (SIGTERM to its group, SIGKILL after the grace period), gives its
    /// run back to the queue without counting the attempt, and returns.
    public func interrupt() {
        stop()
        heartbeat.withLock { $0 }?.interrupt()
    }

    /// Works the queue; returns how many attempts this worker ran.
    @discardableResult
    public func run() -> Int {
        let sink = MetricSink(settings: settings)
        let heartbeat = Heartbeat(settings: settings)
        self.heartbeat.withLock { $0 = heartbeat }
        defer {
            sink.stop()
            heartbeat.stop()
        }
        let executor = RunExecutor(settings: settings, worker: name, sink: sink, heartbeat: heartbeat, board: board)
        var connection: Connection?
        var attempts = 0
        var lastReap = Date.distantPast
        var backoff = 0.1
        // A run claimed in the same transaction that recorded the previous one (one commit per run).
        var next: (run: RunRecord, reserved: Int)?
        while !stopping.withLock({ $0 }) && attempts < (maxRuns ?? .max) {
            do {
                if connection == nil {
                    connection = try Connection(url: settings.databaseURL, applicationName: "kiln worker")
                    try connection!.listen(RunStore.channel)
                }
                let store = RunStore(connection: connection!)
                if Date().timeIntervalSince(lastReap) > settings.pollSeconds {
                    try store.reap(sweepID: sweepID)
                    lastReap = Date()
                }
                let claimed = try next ?? claim(store)
                next = nil
                backoff = 0.1
                if let (run, reserved) = claimed {
                    attempts += 1
                    let result = executor.execute(run, connection: connection!)
                    budget.release(reserved)
                    let wantsNext = attempts < (maxRuns ?? .max) && !stopping.withLock { $0 }
                    var status: RunStatus?
                    if let result {
                        (status, next) = finish(run, result: result, claimingNext: wantsNext, connection: connection!)
                    } else if stopping.withLock({ $0 }) {
                        try RunStore(connection: connection!).release(runID: run.id, worker: name, attempt: run.attempt)
                        status = .pending
                    }
                    board?.finished(run, status: status ?? .running, detail: result?.failure ?? (status == .pending ? "interrupted" : "lease lost"))
                    continue
                }
                if let sweepID, try store.progress(sweepID: sweepID).isComplete { break }
                _ = try connection!.waitForNotifications(timeout: settings.pollSeconds)
            } catch {
                if let postgres = error as? PostgresError, postgres.kind == .connect { connection = nil }
                Thread.sleep(forTimeInterval: backoff)
                backoff = min(backoff * 2, 2)
            }
        }
        if let next { _ = try? RunStore(connection: connection!).release(runID: next.run.id, worker: name, attempt: next.run.attempt) }
        return attempts
    }

    /// Claims the next run that fits in the free cores, reserving them.
    private func claim(_ store: RunStore) throws -> (run: RunRecord, reserved: Int)? {
        try budget.reserve { free in
            try store.claim(worker: name, sweepID: sweepID, leaseSeconds: settings.leaseSeconds, freeThreads: free,
                            cores: budget.cores, runsDirectory: settings.runsDirectory).map { ($0, $0.threads) }
        }.map { (run: $0.0, reserved: $0.reserved) }
    }

    /// Records the result and, when `claimingNext`, claims the next run in the same transaction.
    /// Retries while the database is away: nothing is committed until both are done, and the
    /// finishing update is fenced, so repeating it is safe.
    private func finish(_ run: RunRecord, result: AttemptResult, claimingNext: Bool, connection: Connection)
        -> (RunStatus?, (run: RunRecord, reserved: Int)?) {
        var backoff = 0.1
        while true {
            var reserved: (run: RunRecord, reserved: Int)?
            do {
                return try connection.withTransaction { connection in
                    let store = RunStore(connection: connection)
                    let status = try store.finish(runID: run.id, worker: name, attempt: run.attempt, result: result)
                    reserved = claimingNext ? try claim(store) : nil
                    return (status, reserved)
                }
            } catch let error as PostgresError where error.isTransient || error.kind == .connect {
                if let reserved { budget.release(reserved.reserved) }
                Thread.sleep(forTimeInterval: backoff)
                backoff = min(backoff * 2, 2)
            } catch {
                if let reserved { budget.release(reserved.reserved) }
                return (nil, nil)
            }
        }
    }
}
