import Foundation
import KilnStore

/// `kiln runs` and `kiln status` output: aligned text tables and JSON.
package enum RunTable {
    /// One run in JSON output (snake_case keys).
    package struct Entry: Sendable, Codable {
        /// Fields as in `RunRecord`; `step`, `loss` and `tokensPerSecond` are the latest reported.
        package var id: Int64
        package var name: String
        package var stage: String
        package var status: String
        package var attempt: Int
        package var maxAttempts: Int
        package var step: Int?
        package var totalSteps: Int?
        package var loss: Double?
        package var tokensPerSecond: Double?
        package var exitCode: Int?
        package var failure: String?
        package var malformedLines: Int
        package var worker: String?
        /// Seconds the latest attempt took (so far, while running).
        package var seconds: Double?

        /// The entry of `run`, with times measured up to `now` (seconds since 1970).
        package init(_ run: RunRecord, now: Double = Date().timeIntervalSince1970) {
            id = run.id
            name = run.name
            stage = run.stage
            status = run.status.rawValue
            attempt = run.attempt
            maxAttempts = run.maxAttempts
            step = run.progressStep
            totalSteps = run.totalSteps
            loss = run.progressLoss.flatMap { $0.isFinite ? $0 : nil }
            tokensPerSecond = run.tokensPerSecond
            exitCode = run.exitCode
            failure = run.failure
            malformedLines = run.malformedLines
            worker = run.worker
            seconds = run.startedAt.map { (run.status == .running ? now : (run.finishedAt ?? now)) - $0 }
        }

        enum CodingKeys: String, CodingKey {
            case id, name, stage, status, attempt, maxAttempts = "max_attempts", step, totalSteps = "total_steps"
            case loss, tokensPerSecond = "tokens_per_second", exitCode = "exit_code", failure
            case malformedLines = "malformed_lines", worker, seconds
        }
    }

    /// A sweep's state in `kiln status --json`.
    package struct SweepEntry: Sendable, Codable {
        package var name: String
        package var progress: SweepProgress
        package var running: [Entry]

        /// A sweep entry from its parts.
        package init(name: String, progress: SweepProgress, running: [Entry]) {
            self.name = name
            self.progress = progress
            self.running = running
        }

        /// The sweep bar and a line per running run.
        package var text: String {
            var lines = ProgressRenderer().lines(sweep: name, progress: progress, active: [], rate: nil)
            for run in running {
                let step = run.step.map(String.init) ?? "-", total = run.totalSteps.map(String.init) ?? "?"
                let loss = run.loss.map { String(format: "  loss %.4f", $0) } ?? ""
                lines.append("  \(run.name)  step \(step)/\(total)\(loss)  on \(run.worker ?? "?")")
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// The runs as an aligned table, one line each.
    package static func text(_ runs: [RunRecord]) -> String {
        let header = ["ID", "RUN", "STATUS", "TRY", "STEP", "LOSS", "TIME", "NOTE"]
        let rows = runs.map { Entry($0) }.map { entry -> [String] in
            [
                String(entry.id), entry.name, entry.status, "\(entry.attempt)/\(entry.maxAttempts)",
                entry.step.map { "\($0)/\(entry.totalSteps.map(String.init) ?? "?")" } ?? "-",
                entry.loss.map { String(format: "%.4f", $0) } ?? "-",
                entry.seconds.map { String(format: "%.1fs", $0) } ?? "-",
                entry.failure ?? (entry.malformedLines > 0 ? "\(entry.malformedLines) malformed lines" : ""),
            ]
        }
        return align([header] + rows)
    }

    /// `value` as pretty JSON with sorted keys.
    package static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    static func align(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }
}
