import Foundation
import KilnPostgres
import KilnStore
import Logging
import Synchronization

/// A worker's heartbeat thread, with its own connection: renews the lease of the current attempt
/// every `heartbeatSeconds` (sending its progress), and stops the trainer when its lease is lost,
/// a cancel was requested, or its timeout passed. A failed heartbeat (database away) is logged and
/// retried at the next tick; the trainer keeps running. Between attempts the thread sleeps until
/// `begin` or `stop` wakes it.
final class Heartbeat: Sendable {
    private let settings: SchedulerSettings
    private let current = Mutex<ActiveAttempt?>(nil)
    private let stopped = Mutex(false)
    private let interrupted = Mutex(false)
    /// Signalled by `begin` and `stop`: the thread waits on it, without a timeout while no attempt is active.
    private let wakeUp = DispatchSemaphore(value: 0)

    init(settings: SchedulerSettings) {
        self.settings = settings
        let thread = Thread { [self] in self.loop() }
        thread.name = "kiln heartbeat"
        thread.start()
    }

    /// Watches `attempt` until `end()`.
    func begin(_ attempt: ActiveAttempt) {
        current.withLock { $0 = attempt }
        wakeUp.signal()
    }

    func end() {
        current.withLock { $0 = nil }
    }

    /// Stops the current attempt's trainer because the worker is stopping.
    func interrupt() {
        interrupted.withLock { $0 = true }
        current.withLock { $0 }?.stop(.interrupted)
    }

    /// Whether the worker was interrupted (`interrupt()`), even between attempts.
    var isInterrupted: Bool { interrupted.withLock { $0 } }

    /// Ends the thread.
    func stop() {
        stopped.withLock { $0 = true }
        wakeUp.signal()
    }

    private func loop() {
        var connection: Connection?
        var lastBeat = Date.distantPast
        var lastRun: Int64?
        var failures = FailureStreak(logger: settings.logger)
        let tick = min(0.2, settings.heartbeatSeconds)
        while !stopped.withLock({ $0 }) {
            if current.withLock({ $0 == nil }) {
                wakeUp.wait()
                continue
            }
            _ = wakeUp.wait(timeout: .now() + tick)
            guard let attempt = current.withLock({ $0 }) else { continue }
            if attempt.run.id != lastRun {
                lastRun = attempt.run.id
                lastBeat = Date()
            }
            attempt.enforceGrace(settings.graceSeconds)
            if let timeout = attempt.run.timeoutSeconds, Date().timeIntervalSince(attempt.startedAt) > timeout {
                attempt.stop(.timedOut(seconds: timeout))
            }
            guard Date().timeIntervalSince(lastBeat) >= settings.heartbeatSeconds else { continue }
            let metadata = attempt.run.logMetadata.merging(["worker": "\(attempt.worker)"]) { $1 }
            do {
                if connection == nil {
                    let opened = try Connection(url: settings.databaseURL, applicationName: "kiln heartbeat")
                    // A heartbeat lost in a server crash costs nothing: the next one repeats it.
                    try opened.onEverySession { try $0.execute("SET synchronous_commit = off") }
                    connection = opened
                }
                let reply = try RunStore(connection: connection!).heartbeat(
                    runID: attempt.run.id, worker: attempt.worker, attempt: attempt.run.attempt,
                    leaseSeconds: settings.leaseSeconds, progress: attempt.progress)
                lastBeat = Date()
                failures.succeeded(metadata: metadata)
                switch reply {
                case nil: attempt.stop(.leaseLost)
                case true?: attempt.stop(.cancelled)
                case false?: break
                }
            } catch {
                // Retried at the next tick whatever it is: a heartbeat changes nothing but the lease.
                let next = "retrying in \(tick) s; the trainer keeps running"
                if failures.failed("heartbeat", error, metadata: metadata, next: next) == .reconnect {
                    connection = nil
                }
            }
        }
    }
}
