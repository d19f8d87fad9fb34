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

    /// Works the queue; returns how many attempts this worker ran.
    @discardableResult
    public func run() -> Int {
        let sink = MetricSink(settings: settings)
        let heartbeat = Heartbeat(settings: settings)
        defer {
            sink.stop()
            heartbeat.stop()
        }
        let executor = RunExecutor(settings: settings, worker: name, sink: sink, heartbeat: heartbeat, board: board)
        var connection: Connection?
        var attempts = 0
        var lastReap = Date.distantPast
        var backoff = 0.1
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
                let claimed = try budget.reserve { free in
                    try store.claim(worker: name, sweepID: sweepID, leaseSeconds: settings.leaseSeconds,
                                    freeThreads: free, cores: budget.cores,
                                    runsDirectory: settings.runsDirectory).map { ($0, $0.threads) }
                }
                backoff = 0.1
                if let (run, reserved) = claimed {
                    defer { budget.release(reserved) }
                    attempts += 1
                    let result = executor.execute(run, connection: connection!)
                    let status = result.flatMap { finish(run, result: $0, connection: connection!) }
                    board?.finished(run, status: status ?? .running, detail: result?.failure ?? "lease lost")
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
        return attempts
    }

    /// Records the result, retrying while the database is away (the update is fenced, so repeating it is safe).
    private func finish(_ run: RunRecord, result: AttemptResult, connection: Connection) -> RunStatus? {
        var backoff = 0.1
        while true {
            do {
                return try RunStore(connection: connection).finish(runID: run.id, worker: name, attempt: run.attempt, result: result)
            } catch let error as PostgresError where error.isTransient || error.kind == .connect {
                Thread.sleep(forTimeInterval: backoff)
                backoff = min(backoff * 2, 2)
            } catch {
                return nil
            }
        }
    }
}
