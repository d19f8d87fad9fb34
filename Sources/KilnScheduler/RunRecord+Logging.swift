import KilnStore
import Logging

extension RunRecord {
    /// The run in a log line: `run` (its id), `run_name` and `attempt`.
    var logMetadata: Logger.Metadata {
        ["run": "\(id)", "run_name": "\(name)", "attempt": "\(attempt)"]
    }
}
