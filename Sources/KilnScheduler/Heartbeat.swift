import Foundation
import KilnPostgres
import KilnStore
import Synchronization

/// A worker's heartbeat thread, with its own connection: renews the lease of the current attempt
/// every `heartbeatSeconds` (sending its progress), and stops the trainer when its lease is lost,
/// a cancel was requested, or its timeout passed. A failed heartbeat (database away) is retried at
/// the next tick; the trainer keeps running.
final class Heartbeat: Sendable {
    private let settings: SchedulerSettings
    private let current = Mutex<ActiveAttempt?>(nil)
    private let stopped = Mutex(false)
    private let interrupted = Mutex(false)

    init(settings: SchedulerSettings) {
        self.settings = settings
        let thread = Thread { [self] in self.loop() }
        thread.name = "kiln heartbeat"
        thread.start()
    }

    /// Watches `attempt` until `end()`.
    func begin(_ attempt: ActiveAttempt) {
        current.withLock { $0 = attempt }
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
    }

    private func loop() {
        var connection: Connection?
        var lastBeat = Date.distantPast
        var lastRun: Int64?
        while !stopped.withLock({ $0 }) {
            Thread.sleep(forTimeInterval: min(0.2, settings.heartbeatSeconds))
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
                switch reply {
                case nil: attempt.stop(.leaseLost)
                case true?: attempt.stop(.cancelled)
                case false?: break
                }
            } catch {
                if let postgres = error as? PostgresError, postgres.kind == .connect { connection = nil }
            }
        }
    }
}
