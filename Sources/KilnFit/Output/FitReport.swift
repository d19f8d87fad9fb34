import Foundation
import KilnProtocol

/// What every fit reports, so the CLI (and the store) can print a table or JSON without knowing the law.
package protocol FitReport: Sendable {
    /// Machine name of the method, e.g. `chinchilla-approach-3`.
    var method: String { get }
    /// Human title, e.g. "Chinchilla Approach 3".
    var title: String { get }
    /// Fitted values, in display order, named as in JSON.
    var estimates: [Estimate] { get }
    /// The objective at the optimum, when the method minimises one.
    var loss: Double? { get }
    /// Number of data points (rows) fitted.
    var dataCount: Int { get }
    /// Further lines of the readable report: per-budget tables, predictions, warnings.
    var details: [String] { get }
    /// JSON members beyond method, parameters, intervals, loss, data_count and warnings.
    var extraJSON: [(String, JSONValue)] { get }
    /// What the reader must know to trust the fit, e.g. "γ hit its bound 1: these curves do not identify γ".
    var warnings: [String] { get }
}

extension FitReport {
    /// No warnings, unless the method says otherwise.
    package var warnings: [String] { [] }

    /// Fitted values by name.
    package var parameters: [String: Double] {
        Dictionary(estimates.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The report as a JSON object: method, parameters, intervals, loss, data_count, warnings (when there are
    /// any), then the extra members.
    package var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("method", .string(method)),
            ("parameters", .object(estimates.map { ($0.name, .number($0.value)) })),
        ]
        let intervals = estimates.compactMap { e in
            e.interval.map { (e.name, JSONValue.array([.number($0.lower), .number($0.upper)])) }
        }
        if !intervals.isEmpty { members.append(("intervals", .object(intervals))) }
        members.append(("loss", loss.map(JSONValue.number) ?? .null))
        members.append(("data_count", .integer(dataCount)))
        if !warnings.isEmpty { members.append(("warnings", .array(warnings.map(JSONValue.string)))) }
        return .object(members + extraJSON)
    }

    /// The report as a readable table.
    package func table() -> String {
        var lines = ["\(title) — \(dataCount) data points" + (loss.map { ", objective \(formatted($0))" } ?? "")]
        let width = max(6, estimates.map(\.name.count).max() ?? 0)
        lines.append(
            "  " + "name".padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                + "value".padding(toLength: 13, withPad: " ", startingAt: 0) + "95% interval")
        for estimate in estimates {
            let interval = estimate.interval.map { "[\(formatted($0.lower)), \(formatted($0.upper))]" } ?? "-"
            lines.append(
                "  " + estimate.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + formatted(estimate.value).padding(toLength: 13, withPad: " ", startingAt: 0) + interval)
        }
        return (lines + warnings.map { "  warning: \($0)" } + details).joined(separator: "\n")
    }
}

/// A number in 6 significant digits, as reports print it; `-` for a value that is not a finite number
/// (fits refuse to produce one, so this guards the table, as JSON writes null).
package func formatted(_ value: Double) -> String {
    value.isFinite ? String(format: "%.6g", value) : "-"
}
