import Foundation
import Logging

/// The one place Kiln's logging is set up: `KILN_LOG` names the level (`trace`, `debug`, `info`,
/// `notice`, `warning`, `error`, `critical`; default `warning`), and every `Logger(label:)` made
/// afterwards writes through `KilnLogHandler` to stderr.
package enum KilnLogging {
    /// The environment variable that sets the level.
    package static let variable = "KILN_LOG"
    /// The level when `KILN_LOG` is unset: problems only, so a quiet run stays quiet.
    package static let defaultLevel = Logger.Level.warning

    /// The level `value` names (case-insensitive), `defaultLevel` for nil or empty, nil for anything else.
    package static func level(named value: String?) -> Logger.Level? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return defaultLevel }
        return Logger.Level(rawValue: value.lowercased())
    }

    /// A handler for `label` at the level `environment` sets, writing with `write`. The bootstrap
    /// makes every logger's handler this way; tests give their own `write`.
    package static func handler(
        label: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        write: @escaping KilnLogHandler.Write = KilnLogHandler.standardError
    ) -> KilnLogHandler {
        KilnLogHandler(label: label, level: level(named: environment[variable]) ?? defaultLevel, write: write)
    }

    /// Routes every logger of the process through `KilnLogHandler` at `KILN_LOG`'s level. Call once,
    /// first thing in `main`; a `KILN_LOG` that names no level is said once and logging stays at `warning`.
    package static func bootstrap(environment: [String: String] = ProcessInfo.processInfo.environment) {
        LoggingSystem.bootstrap { label in handler(label: label, environment: environment) }
        if let value = environment[variable], level(named: value) == nil {
            let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
            Logger(label: "kiln").warning("\(variable)=\(value) is not a level (\(levels)); logging at \(defaultLevel)")
        }
    }
}
