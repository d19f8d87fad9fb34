import Foundation
import Logging

/// Kiln's log handler: one line per message on stderr (or what `write` is given),
/// `<time> <level> <label>: <message> {key=value ...}` (a message's own line breaks joined), written in one call so lines from
/// different threads never interleave.
package struct KilnLogHandler: LogHandler {
    /// Writes a finished line (with its newline).
    package typealias Write = @Sendable (String) -> Void

    /// The logger's label, such as `kiln.scheduler`.
    package let label: String
    package var logLevel: Logger.Level
    package var metadata: Logger.Metadata = [:]
    private let write: Write

    /// A handler for `label` that writes lines at `level` and above with `write` (default: stderr).
    package init(label: String, level: Logger.Level, write: @escaping Write = KilnLogHandler.standardError) {
        self.label = label
        self.logLevel = level
        self.write = write
    }

    /// Writes `line` to stderr in one `write(2)`.
    package static let standardError: Write = { line in
        FileHandle.standardError.write(Data(line.utf8))
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        // One line per message: a multi-line error (a server's DETAIL, libpq's tabbed lines) is joined.
        let message = "\(event.message)".split(whereSeparator: { $0 == "\n" || $0 == "\t" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
        var line = "\(Date().formatted(.iso8601)) \(event.level) \(label): \(message)"
        if !merged.isEmpty {
            line +=
                " {" + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") + "}"
        }
        write(line + "\n")
    }
}
