import Foundation
import KilnPostgres
import KilnStore
import Synchronization

/// N queue workers of this machine on their own threads, sharing its cores and GPUs.
package struct WorkerPool: Sendable {
    /// Settings every worker shares.
    package let settings: SchedulerSettings
    /// The workers, one thread each when running.
    package let workers: [QueueWorker]

    /// `count` workers for `sweepID` (nil: every sweep), each stopping after `maxRuns` attempts when given.
    package init(
        settings: SchedulerSettings, count: Int, sweepID: Int64?, maxRuns: Int? = nil, board: ProgressBoard? = nil
    ) {
        self.settings = settings
        let budget = CoreBudget(cores: settings.cores)
        let gpus = GPUSet(devices: settings.gpus)
        workers = (0..<max(1, count)).map {
            QueueWorker(
                settings: settings, slot: $0, sweepID: sweepID, maxRuns: maxRuns, budget: budget, gpus: gpus,
                board: board)
        }
    }

    /// Runs every worker to its end; returns the attempts run. Blocks the calling thread.
    @discardableResult
    package func run() -> Int {
        let group = DispatchGroup()
        let results = ResultBox(count: workers.count)
        for (index, worker) in workers.enumerated() {
            group.enter()
            let thread = Thread {
                results.set(index, worker.run())
                group.leave()
            }
            thread.name = "kiln worker \(index)"
            thread.start()
        }
        group.wait()
        return results.total
    }

    /// Runs the pool on dedicated threads without blocking the cooperative pool.
    @discardableResult
    package func runInBackground() async -> Int {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: self.run()) }
        }
    }

    /// Stops every worker now: trainers are stopped and their runs go back to the queue.
    package func interrupt() {
        workers.forEach { $0.interrupt() }
    }

    /// Runs the pool until its workers finish; on SIGINT or SIGTERM, interrupts it. Returns the
    /// attempts run and whether it was interrupted.
    package func runUntilInterrupted() async -> (attempts: Int, interrupted: Bool) {
        let interrupted = Mutex(false)
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                interrupted.withLock { $0 = true }
                self.interrupt()
            }
            source.resume()
            return source
        }
        let attempts = await runInBackground()
        sources.forEach { $0.cancel() }
        return (attempts, interrupted.withLock { $0 })
    }

    /// Asks every worker to stop after its current run.
    package func stop() {
        workers.forEach { $0.stop() }
    }

    /// Expires the leases of runs held by dead workers of this host (a `kiln run` killed with
    /// SIGKILL), so this machine takes them back at once instead of waiting for the lease.
    package static func recoverDeadWorkers(connection: Connection) throws {
        let host = ProcessInfo.processInfo.hostName + "/"
        let dead = try RunStore(connection: connection).running(sweepID: nil).compactMap(\.worker).filter { worker in
            guard worker.hasPrefix(host),
                let pid = Int32(worker.dropFirst(host.count).split(separator: "/").first ?? "")
            else { return false }
            return pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH
        }
        try RunStore(connection: connection).expireLeases(workers: Array(Set(dead)))
    }
}

/// Per-worker attempt counts written from the worker threads, each index by one thread.
private final class ResultBox: Sendable {
    private let values: Mutex<[Int]>

    init(count: Int) { values = Mutex(Array(repeating: 0, count: count)) }

    func set(_ index: Int, _ value: Int) {
        values.withLock { $0[index] = value }
    }

    var total: Int { values.withLock { $0.reduce(0, +) } }
}
