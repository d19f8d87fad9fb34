import Foundation
import KilnStore
import Synchronization

/// An attempt in progress, shared by the worker thread (which reads the trainer's output) and the
/// heartbeat thread (which renews the lease and enforces timeout and cancel).
final class ActiveAttempt: Sendable {
    /// Why Kiln stopped a trainer before it finished on its own.
    enum StopReason: Equatable {
        case cancelled
        case timedOut(seconds: Double)
        case diverged(String)
        case leaseLost
        /// The worker process is stopping (Ctrl-C); the run goes back to the queue.
        case interrupted
        /// The sweep's early-stopping rule stopped the run at this step (`EarlyStopMonitor`).
        case pruned(step: Int)
    }

    struct State {
        var progress = RunProgress()
        var stopReason: StopReason?
        var signalledAt: Date?
        var killed = false
    }

    let run: RunRecord
    let worker: String
    let pid: Int32
    let startedAt = Date()
    let state = Mutex(State())

    init(run: RunRecord, worker: String, pid: Int32) {
        self.run = run
        self.worker = worker
        self.pid = pid
    }

    /// Records progress to send with the next heartbeat.
    func report(_ progress: RunProgress) {
        state.withLock { $0.progress = progress }
    }

    var progress: RunProgress { state.withLock { $0.progress } }
    var stopReason: StopReason? { state.withLock { $0.stopReason } }

    /// Asks the trainer's process group to stop (SIGTERM now; SIGKILL after the grace period,
    /// see `enforceGrace`). The first reason wins.
    func stop(_ reason: StopReason) {
        let first = state.withLock { state -> Bool in
            guard state.stopReason == nil else { return false }
            state.stopReason = reason
            state.signalledAt = Date()
            return true
        }
        if first { kill(-pid, SIGTERM) }
    }

    /// Sends SIGKILL to the group once `grace` seconds passed since SIGTERM.
    func enforceGrace(_ grace: Double) {
        let due = state.withLock { state -> Bool in
            guard let at = state.signalledAt, !state.killed, Date().timeIntervalSince(at) >= grace else { return false }
            state.killed = true
            return true
        }
        if due { kill(-pid, SIGKILL) }
    }
}
