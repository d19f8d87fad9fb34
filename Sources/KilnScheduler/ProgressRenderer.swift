import Foundation
import KilnStore

/// Formats sweep progress for a terminal: a line per active run (step/total, latest loss, tokens/s)
/// and a bar for the sweep with an ETA; or, for a log, a line per state change.
package struct ProgressRenderer: Sendable {
    /// Characters of the sweep bar.
    package var barWidth = 30

    /// A renderer with a 30-character bar.
    package init() {}

    /// The live block: one line per active run, then the sweep bar. `rate` is runs finished per
    /// second so far, for the ETA.
    package func lines(sweep name: String, progress: SweepProgress, active: [ProgressBoard.ActiveRun], rate: Double?)
        -> [String]
    {
        var lines = active.map(line(for:))
        let fraction = progress.total == 0 ? 1 : Double(progress.finished) / Double(progress.total)
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
        var summary = "\(name) [\(bar)] \(progress.finished)/\(progress.total)"
        summary += "  ✓\(progress.succeeded) ✗\(progress.failed)"
        if progress.cancelled > 0 { summary += " ⊘\(progress.cancelled)" }
        if progress.pruned > 0 { summary += " ✂\(progress.pruned)" }
        summary += "  running \(progress.running)"
        if let rate, rate > 0, !progress.isComplete {
            summary += "  ETA " + Self.duration(Double(progress.total - progress.finished) / rate)
        }
        lines.append(summary)
        return lines
    }

    /// One active run: `name  step 120/1000  loss 2.3100  5.2k tok/s  0:42`.
    package func line(for run: ProgressBoard.ActiveRun) -> String {
        var text = run.name
        if run.attempt > 1 { text += " (attempt \(run.attempt))" }
        let step = run.step.map(String.init) ?? "-"
        text += "  step \(step)/\(run.totalSteps.map(String.init) ?? "?")"
        if let loss = run.loss { text += "  loss " + String(format: "%.4f", loss) }
        if let rate = run.tokensPerSecond { text += "  " + Self.count(rate) + " tok/s" }
        text += "  " + Self.duration(Date().timeIntervalSince1970 - run.startedAt)
        return text
    }

    /// A state change for a log: `started main-lr0.01-…`, `succeeded main-… in 12.3 s`, `failed …: exit 1`.
    package func line(for event: ProgressBoard.Event) -> String {
        let attempt = event.attempt > 1 ? " (attempt \(event.attempt))" : ""
        switch event.status {
        case .running:
            return "started \(event.runName)\(attempt)"
        case .pending:
            return "retrying \(event.runName) after attempt \(event.attempt): \(event.detail ?? "failed")"
        case .succeeded:
            return "succeeded \(event.runName)\(attempt) in \(String(format: "%.1f", event.seconds)) s"
        case .failed, .cancelled, .pruned:
            return "\(event.status.rawValue) \(event.runName)\(attempt): \(event.detail ?? "")"
        }
    }

    /// `1:02:03` or `2:03`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }

    /// `950`, `5.2k`, `1.3M`.
    static func count(_ value: Double) -> String {
        switch value {
        case ..<1_000: return String(format: "%.0f", value)
        case ..<1_000_000: return String(format: "%.1fk", value / 1_000)
        default: return String(format: "%.1fM", value / 1_000_000)
        }
    }
}
