import Foundation
import KilnLog
import Logging
import Synchronization

/// The lines a `KilnLogHandler` wrote, kept for a test to wait on.
final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])
    private let written = DispatchSemaphore(value: 0)

    /// A logger writing here at the level `environment`'s `KILN_LOG` sets.
    func logger(environment: [String: String] = [:]) -> Logger {
        Logger(label: "kiln.scheduler") { KilnLogging.handler(label: $0, environment: environment, write: self.write) }
    }

    /// Every line written so far.
    var all: [String] { lines.withLock { $0 } }

    /// The first line that matches `predicate`, waiting for one up to `timeout` seconds.
    func firstLine(within timeout: Double, where predicate: (String) -> Bool) -> String? {
        let deadline = DispatchTime.now() + timeout
        while true {
            if let line = all.first(where: predicate) { return line }
            if written.wait(timeout: deadline) == .timedOut { return all.first(where: predicate) }
        }
    }

    private func write(_ line: String) {
        lines.withLock { $0.append(line) }
        written.signal()
    }
}
