/// Two sides of a comparison (each a sweep or a single run) and the sections that set them side by side.
struct Comparison {
    /// Side A, its runs drawn solid.
    var a: ReportModel
    /// Side B, its runs drawn dashed.
    var b: ReportModel
    /// Display names of the sides (suffixed with "(A)"/"(B)" when both have the same title).
    var labelA: String
    var labelB: String

    init(a: ReportModel, b: ReportModel) {
        self.a = a
        self.b = b
        let (titleA, titleB) = (a.displayTitle, b.displayTitle)
        labelA = titleA == titleB ? "\(titleA) (A)" : titleA
        labelB = titleA == titleB ? "\(titleB) (B)" : titleB
    }

    /// Per final metric, the headline metric first: the best value on each side (the lowest, or the highest
    /// where higher is better, as for throughput), the run reaching it, and B − A.
    func differences() -> Section? {
        let runs = a.runs + b.runs
        let names = MetricNames.tableOrder(runs.flatMap(\.finalMetrics.keys), evalSets: MetricNames.evalSets(runs))
            .filter { $0 != MetricNames.learningRate }
        guard !names.isEmpty else { return nil }
        func best(_ runs: [ReportRun], _ name: String) -> (value: Double, run: String)? {
            let values = runs.compactMap { run in run.finalMetrics[name].map { ($0, run.name) } }
            return MetricNames.higherIsBetter(name) ? values.max { $0.0 < $1.0 } : values.min { $0.0 < $1.0 }
        }
        let rows = names.map { name -> TableRow in
            let (left, right) = (best(a.runs, name), best(b.runs, name))
            let delta = left.flatMap { left in right.map { $0.value - left.value } }
            let relative = left.flatMap { left in delta.map { $0 / abs(left.value) } }
            return TableRow(cells: [
                Cell(text: name),
                Cell(
                    text: left.map { "\(NumberFormatting.significant($0.value)) (\($0.run))" } ?? "",
                    sort: left.map { "\($0.value)" } ?? ""),
                Cell(
                    text: right.map { "\(NumberFormatting.significant($0.value)) (\($0.run))" } ?? "",
                    sort: right.map { "\($0.value)" } ?? ""),
                .number(delta) { Self.signed(NumberFormatting.significant($0)) },
                .number(relative) { Self.signed(NumberFormatting.significant($0 * 100, digits: 3)) + "%" },
            ])
        }
        let headers = [
            HeaderCell(label: "metric"), HeaderCell(label: "A: \(labelA)", numeric: true),
            HeaderCell(label: "B: \(labelB)", numeric: true), HeaderCell(label: "B − A", numeric: true),
            HeaderCell(label: "(B − A) / |A|", numeric: true),
        ]
        let higher = names.filter(MetricNames.higherIsBetter)
        let explanation =
            higher.isEmpty
            ? "Each side's lowest final value over its runs (the run in brackets); negative differences favour B."
            : "Each side's best final value over its runs (the run in brackets): the lowest, and the highest for "
                + higher.joined(separator: ", ")
                + "; negative differences favour B, except for those, where positive ones do."
        return Section(
            id: "diff", heading: "Final metrics: B against A",
            blocks: [
                Block(paragraph: explanation),
                Block(table: DataTable(tableID: "diff-table", sortable: true, headers: headers, rows: rows)),
            ])
    }

    /// Runs present on both sides under the same name, with the difference of each final metric.
    func matchedRuns() -> Section? {
        let right = Dictionary(b.runs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let pairs = a.runs.compactMap { run in right[run.name].map { (run, $0) } }
        guard !pairs.isEmpty else { return nil }
        var names = MetricNames.ordered(pairs.flatMap { Array($0.0.finalMetrics.keys) }).filter {
            $0 != MetricNames.learningRate
        }
        if pairs.count > 50, let headline = MetricNames.headline(names, evalSets: MetricNames.evalSets(a.runs)) {
            names = [headline]
        }
        var rows: [TableRow] = []
        for (left, right) in pairs {
            for name in names {
                guard let x = left.finalMetrics[name], let y = right.finalMetrics[name] else { continue }
                rows.append(
                    TableRow(cells: [
                        Cell(text: left.name), Cell(text: name), .number(x) { NumberFormatting.significant($0) },
                        .number(y) { NumberFormatting.significant($0) },
                        .number(y - x) { Self.signed(NumberFormatting.significant($0)) },
                    ]))
            }
        }
        guard !rows.isEmpty else { return nil }
        let headers = [
            HeaderCell(label: "run"), HeaderCell(label: "metric"), HeaderCell(label: "A", numeric: true),
            HeaderCell(label: "B", numeric: true), HeaderCell(label: "B − A", numeric: true),
        ]
        return Section(
            id: "matched", heading: "Runs on both sides",
            blocks: [
                Block(table: DataTable(sortable: true, headers: headers, rows: rows))
            ])
    }

    /// Every metric's curves, each run in its own colour, A solid and B dashed, on one step axis; losses can
    /// switch to a log scale. The legend toggles each run.
    func curves() -> Section? {
        let names = MetricNames.ordered((a.runs + b.runs).flatMap(\.series.keys))
        guard !names.isEmpty else { return nil }
        let steps = ReportSections.stepDomain(a.runs + b.runs, metrics: names)
        let sides = a.runs.map { ("a", $0) } + b.runs.map { ("b", $0) }
        let legend = Legend(
            items: sides.enumerated().map { index, side in
                LegendItem(
                    key: side.0 + "\(side.1.id)", color: ReportSections.color(index),
                    label: "\(side.0.uppercased()) · \(side.1.name)", dashed: side.0 == "b")
            }, bulk: sides.count > 2)
        var blocks = [Block(paragraph: "A: \(labelA), solid; B: \(labelB), dashed."), Block(legend: legend)]
        for name in names {
            let count = sides.count { !($0.1.series[name]?.isEmpty ?? true) }
            let budget = MetricNames.pointsPerSeries(seriesCount: count)
            var series: [PlotSeries] = []
            for (index, (side, run)) in sides.enumerated() {
                guard let points = run.series[name], !points.isEmpty else { continue }
                series.append(
                    PlotSeries(
                        key: side + "\(run.id)", color: index, label: "\(side.uppercased()) · \(run.name)",
                        style: side == "a" ? .line : .dashed, points: ReportSections.drawn(points, budget: budget)))
            }
            let isLoss = MetricNames.isLoss(name)
            let plot = Plot(
                x: Axis(label: "step", ticks: .count, padded: false, domain: steps),
                y: Axis(label: name, clipsOutliers: isLoss), series: series,
                height: name == MetricNames.learningRate ? 190 : 280, logToggle: isLoss)
            let note = ReportSections.notes(plot, budget: nil)
            blocks.append(Block(figure: Figure(caption: name, svg: plot.svg(), logToggle: isLoss, note: note)))
        }
        return Section(id: "curves", heading: "Curves overlaid", blocks: blocks)
    }

    private static func signed(_ text: String) -> String { text.hasPrefix("-") || text == "0" ? text : "+" + text }
}
