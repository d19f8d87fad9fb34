import Foundation
import KilnStore

/// The runs an `early_stop:` rule pruned, for `partials/pruned.mustache`: a sentence, then a chart per run.
struct PrunedBlock {
    /// What the section shows and how the rule decided.
    var prunedSummary: String
    /// One chart per pruned run.
    var prunedRuns: [PrunedFigure]
}

/// One pruned run's observed curve, its predicted curve to the end with the interval, and the stop step.
struct PrunedFigure {
    /// Kiln-generated SVG.
    var prunedSVG: String
    /// The run, the stop step and the decision's numbers (user text: escaped by the template).
    var prunedCaption: String
}

extension ReportSections {
    /// Pruned runs: each one's observed curve, the curve the rule predicted from the stop step to the run's end
    /// with its interval, and the step it was stopped at; nil when no run was pruned.
    static func pruned(_ model: ReportModel) -> Section? {
        guard !model.prunedRuns.isEmpty else { return nil }
        let runs = Dictionary(model.runs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let significant = { (value: Double) in NumberFormatting.significant(value, digits: 4) }
        let figures = model.prunedRuns.map { decision -> PrunedFigure in
            let run = runs[decision.runID]
            let name = run?.name ?? "run \(decision.runID)"
            let observed = drawn(run?.series[decision.metric] ?? [], budget: 400)
            let curve = decision.curve
            func points(_ values: [Double]) -> [PlotPoint] {
                zip(curve.steps, values).map { PlotPoint(x: Double($0.0), y: $0.1) }
            }
            let values = observed.map(\.y) + curve.low + curve.high
            let (low, high) = (values.min() ?? 0, values.max() ?? 1)
            let series = [
                PlotSeries(key: "o", color: 0, label: "\(name) · observed", points: observed),
                PlotSeries(
                    key: "p", color: 1, label: "predicted (\(decision.law) law)", style: .dashed,
                    points: points(curve.predicted)),
                PlotSeries(key: "i", color: 2, label: "interval, low", style: .dashed, points: points(curve.low)),
                PlotSeries(key: "i", color: 2, label: "interval, high", style: .dashed, points: points(curve.high)),
                PlotSeries(
                    key: "s", color: 3, label: "stopped at step \(decision.step)",
                    points: [PlotPoint(x: Double(decision.step), y: low), PlotPoint(x: Double(decision.step), y: high)]),
            ]
            let plot = Plot(
                x: Axis(label: "step", ticks: .count, padded: false),
                y: Axis(label: decision.metric, clipsOutliers: true),
                series: series)
            return PrunedFigure(
                prunedSVG: plot.svg(),
                prunedCaption: "\(name): stopped at step \(decision.step); predicted final \(decision.metric) "
                    + "\(significant(decision.predictedFinal)) [\(significant(decision.low)), \(significant(decision.high))] "
                    + "against the best predicted \(significant(decision.bestPredicted)) (\(decision.bestRun)); "
                    + "probability of ending worse by more than the margin \(significant(100 * decision.probability))%")
        }
        let summary =
            "The sweep's early_stop rule stopped \(figures.count) run\(figures.count == 1 ? "" : "s"): the "
            + "loss-curve law fitted jointly to every run's curve so far predicted each one's final value on its "
            + "planned schedule (dashed: prediction; lighter dashes: its interval at the rule's confidence; the "
            + "vertical line: the stop step). kiln retry SWEEP --pruned continues them to their end."
        return Section(
            id: "pruned", heading: "Pruned runs",
            blocks: [Block(pruned: PrunedBlock(prunedSummary: summary, prunedRuns: figures))])
    }
}
