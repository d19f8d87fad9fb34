import Foundation
import KilnProtocol

/// A fitted loss-curve law, how it was fitted, and its predictions of held-out runs.
package struct ScheduleFit<Law: LossCurveLaw>: FitReport {
    /// The fitted law.
    package var law: Law
    /// The Huber objective at the optimum.
    package var loss: Double?
    /// Logged rows in the fit windows.
    package var dataCount: Int
    /// Runs fitted on.
    package var trainedOn: [String]
    /// Starts tried.
    package var starts: Int
    /// Whether the optimiser converged at the reported optimum.
    package var converged: Bool
    /// 95% bootstrap intervals by parameter name (empty without a bootstrap).
    package var intervals: [String: Interval] = [:]
    /// Bootstrap refits made.
    package var bootstrapCount = 0
    /// The bootstrap's refitted laws (empty without a bootstrap).
    package var replicates: [Law] = []
    /// Predictions of other runs from their schedules alone (see `predicting(_:)`).
    package var predictions: [CurvePrediction] = []
    /// The rule that chose where the fit starts on each run (also used for the prediction errors).
    package var window = FitWindow()
    /// The rows of each fitted run the law was evaluated at.
    package var fitPoints: [FitPoints] = []
    /// Parameters the fit left on a bound, named (see `FitReport.warnings`).
    package var warnings: [String] = []

    /// Machine name of the method.
    package var method: String { "\(Law.name)-law" }
    /// Human title with the formula.
    package var title: String { Law.title }
    /// Fitted values, named as in JSON.
    package var estimates: [Estimate] {
        law.estimates.map { Estimate($0.name, $0.value, interval: intervals[$0.name]) }
    }

    /// This fit with predictions of `curves` attached, their errors measured over each one's fit window.
    package func predicting(_ curves: [LossCurve]) -> ScheduleFit {
        var fit = self
        fit.predictions = curves.map { law.prediction(for: $0, fromStep: window.start(of: $0)) }
        return fit
    }

    /// Further lines of the readable report.
    package var details: [String] {
        var lines = ["  fitted on: \(trainedOn.joined(separator: ", ")) (\(starts) starts, converged: \(converged))"]
        if !fitPoints.isEmpty {
            lines.append(
                "  fit window: "
                    + fitPoints.map { p in
                        "\(p.run) from step \(p.fromStep) (\(p.windowRows) rows"
                            + (p.indices.count < p.windowRows ? ", \(p.indices.count) fit points)" : ")")
                    }.joined(separator: ", ") + (window.fromStep == nil ? "; --from-step moves it" : ""))
        }
        if bootstrapCount > 0 {
            lines.append("  intervals: block bootstrap of the log residuals, \(bootstrapCount) refits")
        }
        if !predictions.isEmpty {
            let width = max(16, predictions.map(\.run.count).max() ?? 0) + 2
            func row(_ cells: [String]) -> String {
                "  " + cells[0].padding(toLength: width, withPad: " ", startingAt: 0)
                    + cells.dropFirst().map { $0.padding(toLength: 18, withPad: " ", startingAt: 0) }.joined()
            }
            lines.append(
                row(["predicted run", "mean rel. error", "max rel. error", "final rel. error"])
                    + "(from step " + Set(predictions.map(\.fromStep)).sorted().map(String.init).joined(separator: ", ")
                    + ")")
            for p in predictions {
                lines.append(
                    row([
                        p.run, percent(p.meanRelativeError), percent(p.maxRelativeError), percent(p.finalRelativeError),
                    ]))
            }
        }
        return lines
    }

    /// JSON members beyond the common ones.
    package var extraJSON: [(String, JSONValue)] {
        [
            ("trained_on", .array(trainedOn.map(JSONValue.string))), ("starts", .integer(starts)),
            ("converged", .bool(converged)), ("bootstrap", .integer(bootstrapCount)),
            (
                "fit_window",
                .array(
                    fitPoints.map { p in
                        .object([
                            ("run", .string(p.run)), ("from_step", .integer(p.fromStep)),
                            ("rows", .integer(p.windowRows)),
                            ("fit_points", .integer(p.indices.count)),
                        ])
                    })
            ),
            (
                "predictions",
                .array(
                    predictions.map { p in
                        .object([
                            ("run", .string(p.run)), ("mean_rel_error", .number(p.meanRelativeError)),
                            ("max_rel_error", .number(p.maxRelativeError)),
                            ("final_rel_error", .number(p.finalRelativeError)),
                            ("points", .integer(p.steps.count)), ("from_step", .integer(p.fromStep)),
                            ("steps", .array(p.steps.map(JSONValue.integer))),
                            ("predicted", .array(p.predicted.map(JSONValue.number))),
                        ])
                    })
            ),
        ]
    }
}

/// `value` as a percentage with 3 decimals.
private func percent(_ value: Double) -> String { formatted(100 * value) + "%" }
