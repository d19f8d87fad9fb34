import Foundation

extension ReportSections {
    /// Loss-curve-law fits: one chart per (law, metric) with observed curves solid and predictions dashed,
    /// and a table of each fit's parameters and errors; notes say which stored fits are not drawn and why.
    static func scheduleFits(_ model: ReportModel) -> Section? {
        guard !model.scheduleFits.isEmpty || !model.fitNotes.isEmpty else { return nil }
        let index = Dictionary(model.runs.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var groups: [String: [FittedCurve]] = [:]
        var order: [String] = []
        for fit in model.scheduleFits {
            let group = "\(fit.law.name) · \(fit.metric)"
            if groups[group] == nil { order.append(group) }
            groups[group, default: []].append(fit)
        }
        var blocks = model.fitNotes.map { Block(paragraph: $0) }
        for group in order {
            let fits = groups[group] ?? []
            let budget = MetricNames.pointsPerSeries(seriesCount: 2 * fits.count)
            var series: [PlotSeries] = []
            for (position, fit) in fits.enumerated() {
                let run = index[fit.runID].map { model.runs[$0] }
                let name = run?.name ?? "run \(fit.runID)"
                let key = run.map(key) ?? "f\(position)"
                let colour = index[fit.runID] ?? position
                series.append(
                    PlotSeries(
                        key: key, color: colour, label: "\(name) · observed",
                        points: drawn(fit.observed, budget: budget)))
                series.append(
                    PlotSeries(
                        key: key, color: colour, label: "\(name) · \(fit.law.name)", style: .dashed,
                        points: drawn(fit.predicted, budget: budget)))
            }
            let metric = fits.first?.metric ?? ""
            let plot = Plot(
                x: Axis(label: "step", ticks: .count, padded: false), y: Axis(label: metric), series: series,
                logToggle: true)
            blocks.append(
                Block(
                    figure: Figure(
                        caption: "\(group): predicted (dashed) against observed", svg: plot.svg(), logToggle: true)))
        }
        let rows = model.scheduleFits.map { fit in
            let error = PredictionError(observed: fit.observed, predicted: fit.predicted)
            let parameters = fit.law.parameters.map { "\($0.name)=\(NumberFormatting.significant($0.value))" }
            return TableRow(cells: [
                Cell(text: index[fit.runID].map { model.runs[$0].name } ?? "run \(fit.runID)"),
                Cell(text: fit.law.name), Cell(text: fit.metric),
                .number(error?.rmse) { NumberFormatting.significant($0, digits: 3) },
                .number(error?.maxRelative) { NumberFormatting.significant($0 * 100, digits: 3) + "%" },
                Cell(text: parameters.joined(separator: ", ")),
            ])
        }
        let headers = [
            HeaderCell(label: "run"), HeaderCell(label: "law"), HeaderCell(label: "metric"),
            HeaderCell(label: "RMSE", numeric: true), HeaderCell(label: "max |rel. error|", numeric: true),
            HeaderCell(label: "parameters"),
        ]
        if !rows.isEmpty { blocks.append(Block(table: DataTable(sortable: true, headers: headers, rows: rows))) }
        return Section(id: "fits", heading: "Schedule-law fits", blocks: blocks)
    }
}

/// Prediction error of a curve law at the steps where both curves have a point.
struct PredictionError {
    /// Root-mean-square error, in the metric's units.
    var rmse: Double
    /// Largest |predicted − observed| / |observed| (a fraction).
    var maxRelative: Double

    /// The error over matching steps; `nil` when the curves share no step.
    init?(observed: [CurvePoint], predicted: [CurvePoint]) {
        let truth = Dictionary(observed.map { ($0.step, $0.value) }, uniquingKeysWith: { _, last in last })
        var squares = 0.0
        var count = 0
        var worst = 0.0
        for point in predicted {
            guard let value = truth[point.step], value.isFinite, point.value.isFinite else { continue }
            let difference = point.value - value
            squares += difference * difference
            count += 1
            if value != 0 { worst = max(worst, abs(difference / value)) }
        }
        guard count > 0 else { return nil }
        rmse = (squares / Double(count)).squareRoot()
        maxRelative = worst
    }
}
