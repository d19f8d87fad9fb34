import Foundation
import KilnPostgres
import KilnStore
import Logging
import Synchronization

/// The worker loop: claim a runnable run, execute it, record how it ended, repeat. Idle workers wait
/// for a `kiln_runs` notification or the poll timeout. Any worker also reaps runs nobody can finish.
/// What fails is logged (`SchedulerSettings.logger`) with the operation and the run, and retried.
/// Blocking throughout: call `run()` on a dedicated thread.
package final class QueueWorker: Sendable {
    /// `host/pid/slot`, stored in `runs.worker`.
    package let name: String
    private let settings: SchedulerSettings
    private let sweepID: Int64?
    private let maxRuns: Int?
    private let budget: CoreBudget
    private let gpus: GPUSet
    private let board: ProgressBoard?
    private let stopping = Mutex(false)
    private let heartbeat: Mutex<Heartbeat?> = Mutex(nil)
    private let faultReason: Mutex<String?> = Mutex(nil)

    /// A worker for one sweep (it returns once the sweep has no pending or running run) or for every
    /// sweep (it returns after `maxRuns`, or when stopped).
    package init(
        settings: SchedulerSettings, slot: Int, sweepID: Int64?, maxRuns: Int? = nil, budget: CoreBudget,
        gpus: GPUSet = GPUSet(devices: []), board: ProgressBoard? = nil
    ) {
        name = "\(ProcessInfo.processInfo.hostName)/\(getpid())/\(slot)"
        self.settings = settings
        self.sweepID = sweepID
        self.maxRuns = maxRuns
        self.budget = budget
        self.gpus = gpus
        self.board = board
    }

    /// Why this worker stopped claiming runs (a local fault such as an unwritable runs folder); nil if it did not.
    package var fault: String? { faultReason.withLock { $0 } }

    /// Asks the loop to return after the current run.
    package func stop() {
        stopping.withLock { $0 = true }
    }

    /// Stops the current trainer (SIGTERM to its group, SIGKILL after the grace period), gives its
    /// run back to the queue without counting the attempt, and returns.
    package func interrupt() {
        stop()
        heartbeat.withLock { $0 }?.interrupt()
    }

    /// Works the queue; returns how many attempts this worker ran.
    @discardableResult
    package func run() -> Int {
        let sink = MetricSink(settings: settings)
        let heartbeat = Heartbeat(settings: settings)
        self.heartbeat.withLock { $0 = heartbeat }
        defer {
            sink.stop()
            heartbeat.stop()
        }
        let executor = RunExecutor(
            settings: settings, worker: name, sink: sink, heartbeat: heartbeat, board: board,
            onOutsideStop: { [weak self] in self?.stop() })
        var connection: Connection?
        var attempts = 0
        var lastReap = Date.distantPast
        var backoff = 0.1
        var failures = FailureStreak(logger: settings.logger)
        var operation = "connect"
        var current: RunRecord?
        // A run claimed in the same transaction that recorded the previous one (one commit per run).
        var next: Reservation?
        while !stopping.withLock({ $0 }) && attempts < (maxRuns ?? .max) {
            do {
                operation = "connect"
                current = nil
                if connection == nil {
                    connection = try Connection(url: settings.databaseURL, applicationName: "kiln worker")
                    try connection!.listen(RunStore.channel)
                }
                let store = RunStore(connection: connection!)
                if Date().timeIntervalSince(lastReap) > settings.pollSeconds {
                    operation = "reap"
                    try store.reap(sweepID: sweepID)
                    try WorkerStore(connection: connection!).announce(worker: name, gpus: gpus.devices.count)
                    lastReap = Date()
                }
                operation = "claim"
                let claimed = try next ?? claim(store)
                next = nil
                failures.succeeded(metadata: logMetadata)
                backoff = 0.1
                if let claimed {
                    let run = claimed.run
                    let result: AttemptResult?
                    do {
                        result = try executor.execute(
                            run, connection: connection!, devices: gpus.devices.isEmpty ? nil : claimed.devices)
                    } catch {
                        release(claimed)
                        giveBack(run, because: error, connection: connection!)
                        break
                    }
                    attempts += 1
                    release(claimed)
                    let wantsNext = attempts < (maxRuns ?? .max) && !stopping.withLock { $0 }
                    var status: RunStatus?
                    if let result {
                        (status, next) = finish(run, result: result, claimingNext: wantsNext, connection: connection!)
                        if status?.isFinished == true { storeOverviews(of: run, connection: connection!) }
                    } else if stopping.withLock({ $0 }) {
                        (operation, current) = ("release", run)
                        try RunStore(connection: connection!).release(runID: run.id, worker: name, attempt: run.attempt)
                        status = .pending
                    }
                    board?.finished(
                        run, status: status ?? .running,
                        detail: result?.failure ?? (status == .pending ? "interrupted" : "lease lost"))
                    continue
                }
                operation = "progress"
                if let sweepID, try store.progress(sweepID: sweepID).isComplete { break }
                operation = "wait"
                _ = try connection!.waitForNotifications(timeout: settings.pollSeconds)
            } catch {
                let metadata = logMetadata.merging(current?.logMetadata ?? [:]) { $1 }
                if failures.failed(operation, error, metadata: metadata, next: "retrying in \(backoff) s") == .reconnect
                {
                    connection = nil
                }
                Thread.sleep(forTimeInterval: backoff)
                backoff = min(backoff * 2, 2)
            }
        }
        if let connection {
            do {
                try WorkerStore(connection: connection).leave(worker: name)
            } catch {
                settings.logger.info(
                    "could not remove the worker from the live list: \(error); it expires by itself",
                    metadata: logMetadata.merging(["operation": "leave"]) { $1 })
            }
        }
        if let next, let connection {
            do {
                try RunStore(connection: connection).release(
                    runID: next.run.id, worker: name, attempt: next.run.attempt)
            } catch {
                settings.logger.warning(
                    "release failed: \(error); another worker takes the run once its lease expires",
                    metadata: logMetadata.merging(next.run.logMetadata) { $1 }.merging(["operation": "release"]) { $1 })
            }
        }
        return attempts
    }

    /// This worker in a log line: `worker`, `host/pid/slot`.
    private var logMetadata: Logger.Metadata { ["worker": "\(name)"] }

    /// Gives back a run this worker could not prepare (a fault of this machine, such as an unwritable
    /// runs folder): pending again with its attempt not counted, so a healthy worker trains it with
    /// its full budget. Records why in `fault`, says so on stderr, and the caller stops claiming.
    private func giveBack(_ run: RunRecord, because error: any Error, connection: Connection) {
        var message = "worker \(name) stopped claiming runs: \(error)"
        do {
            try RunStore(connection: connection).release(
                runID: run.id, worker: name, attempt: run.attempt, why: "\(error)")
            message += "; run \(run.name) went back to the queue untouched"
        } catch {
            message +=
                "; run \(run.name) could not be given back (\(error)): "
                + "another worker takes it once its lease expires"
        }
        faultReason.withLock { $0 = message }
        FileHandle.standardError.write(Data("kiln: \(message)\n".utf8))
        board?.finished(run, status: .pending, detail: "given back: \(error)")
    }

    /// A claimed run with the cores and GPUs reserved for it.
    private struct Reservation {
        var run: RunRecord
        var cores: Int
        var devices: [String]
    }

    /// Claims the next run that fits in the free cores and GPUs, reserving them. Claims take turns
    /// (`CoreBudget.reserve`), so the GPUs free when the claim starts are still free when it ends.
    private func claim(_ store: RunStore) throws -> Reservation? {
        try budget.reserve { free -> ((RunRecord, [String]), threads: Int)? in
            guard
                let run = try store.claim(
                    worker: name, sweepID: sweepID, leaseSeconds: settings.leaseSeconds, freeThreads: free,
                    cores: budget.cores, freeGPUs: gpus.freeCount, runsDirectory: settings.runsDirectory)
            else { return nil }
            return ((run, gpus.take(run.gpus) ?? []), run.threads)
        }.map { Reservation(run: $0.0.0, cores: $0.reserved, devices: $0.0.1) }
    }

    /// Gives back the cores and GPUs of a finished or given-back claim.
    private func release(_ reservation: Reservation) {
        budget.release(reservation.cores)
        gpus.release(reservation.devices)
    }

    /// Stores the overviews of an ended run's series, which reports and `kiln serve` draw; on failure the
    /// first reader of the sweep stores them.
    private func storeOverviews(of run: RunRecord, connection: Connection) {
        do {
            try MetricOverviewStore(connection: connection).refresh(runIDs: [run.id])
        } catch {
            settings.logger.warning(
                "storing the run's overviews failed: \(error); the first report or page of the sweep stores them",
                metadata: logMetadata.merging(run.logMetadata) { $1 })
        }
    }

    /// Records the result and, when `claimingNext`, claims the next run in the same transaction.
    /// Retries while the database is away: nothing is committed until both are done, and the
    /// finishing update is fenced, so repeating it is safe.
    private func finish(_ run: RunRecord, result: AttemptResult, claimingNext: Bool, connection: Connection)
        -> (RunStatus?, Reservation?)
    {
        var backoff = 0.1
        var failures = FailureStreak(logger: settings.logger)
        let metadata = logMetadata.merging(run.logMetadata) { $1 }
        while true {
            var reserved: Reservation?
            do {
                let outcome = try connection.withTransaction { connection in
                    let store = RunStore(connection: connection)
                    let status = try store.finishAdvancingPopulation(
                        runID: run.id, worker: name, attempt: run.attempt, result: result)
                    reserved = claimingNext ? try claim(store) : nil
                    return (status, reserved)
                }
                failures.succeeded(metadata: metadata)
                return outcome
            } catch {
                if let reserved { release(reserved) }
                switch PostgresError.recovery(after: error) {
                case .reconnect, .retry:
                    failures.failed("finish", error, metadata: metadata, next: "retrying in \(backoff) s")
                    Thread.sleep(forTimeInterval: backoff)
                    backoff = min(backoff * 2, 2)
                case .refusedData, .permanent:
                    failures.failed(
                        "finish", error, metadata: metadata,
                        next: "the run stays running until its lease expires and the queue takes it back")
                    return (nil, nil)
                }
            }
        }
    }
}
