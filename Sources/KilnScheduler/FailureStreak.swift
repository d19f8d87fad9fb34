import KilnPostgres
import Logging

/// The failures in a row of a background loop (the worker's queue loop, a heartbeat thread, a metric
/// sink), logged so a stuck worker says why without repeating itself. Each line names the
/// `operation` (`connect`, `claim`, `finish`, `heartbeat`, `ingest`…) and carries the loop's
/// metadata (run, worker). The first failure of a streak, and each change of operation or error, is
/// logged at `warning` when it is transient and retried, at `error` when it is permanent (as
/// `PostgresError.recovery` decides); the same failure again at `debug`; the end of a streak at
/// `warning`, so whoever read the failure also reads that it is over.
struct FailureStreak {
    private let logger: Logger
    /// Failures since the last success.
    private(set) var failures = 0
    private var last: (operation: String, error: String)?

    init(logger: Logger) {
        self.logger = logger
    }

    /// Logs that `operation` failed with `error`, and `next`: what happens now (`retrying in 0.4 s`).
    /// Returns how to recover from `error`.
    @discardableResult
    mutating func failed(_ operation: String, _ error: any Error, metadata: Logger.Metadata = [:], next: String)
        -> PostgresError.Recovery
    {
        let recovery = PostgresError.recovery(after: error)
        let text = "\(error)"
        failures += 1
        var metadata = metadata
        metadata["operation"] = "\(operation)"
        metadata["failures"] = "\(failures)"
        let message: Logger.Message = "\(operation) failed: \(text); \(next)"
        if let last, last.operation == operation, last.error == text {
            logger.debug(message, metadata: metadata)
        } else if recovery == .reconnect || recovery == .retry {
            logger.warning(message, metadata: metadata)
        } else {
            logger.error(message, metadata: metadata)
        }
        last = (operation, text)
        return recovery
    }

    /// Ends a streak, if any: logs that the operation that failed last works again.
    mutating func succeeded(metadata: Logger.Metadata = [:]) {
        guard failures > 0, let operation = last?.operation else { return }
        var metadata = metadata
        metadata["operation"] = "\(operation)"
        logger.warning(
            "\(operation) works again after \(failures) failure\(failures == 1 ? "" : "s")", metadata: metadata)
        failures = 0
        last = nil
    }
}
