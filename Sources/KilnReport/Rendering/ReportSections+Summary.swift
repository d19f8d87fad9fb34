/// Builders of the report's sections from a ``ReportModel``; each returns `nil` when the model lacks its data.
enum ReportSections {
    /// Palette class of the run at `index` in display order.
    static func color(_ index: Int) -> String { "c\(index % 10)" }

    /// Legend key of a run: `r` and its store id.
    static func key(_ run: ReportRun) -> String { "r\(run.id)" }

    /// The summary: one sortable row per run with status, parameters, final metrics and compute.
    static func summary(_ model: ReportModel) -> Section? {
        guard !model.runs.isEmpty else { return nil }
        let runs = model.runs
        let showSweep = Set(runs.map(\.sweep)).count > 1
        let showStage = Set(runs.map(\.stage)).count > 1
        // Columns for the parameters that tell runs apart; the ones every run shares go in one line above.
        let allKeys = Set(runs.flatMap(\.params.keys)).sorted()
        let paramKeys = runs.count < 2 ? allKeys : allKeys.filter { key in Set(runs.map { $0.params[key] }).count > 1 }
        let shared = allKeys.filter { !paramKeys.contains($0) }
            .compactMap { key in runs[0].params[key].map { "\(key) = \($0.description)" } }
        let metricNames = MetricNames.ordered(runs.flatMap(\.finalMetrics.keys)).filter {
            $0 != MetricNames.learningRate
        }
        var headers = [HeaderCell(label: "run")]
        if showSweep { headers.append(HeaderCell(label: "sweep")) }
        if showStage { headers.append(HeaderCell(label: "stage")) }
        headers.append(HeaderCell(label: "status"))
        let numericParams = Set(
            paramKeys.filter { key in runs.allSatisfy { $0.params[key].map { $0.number != nil } ?? true } })
        headers += paramKeys.map { HeaderCell(label: $0, numeric: numericParams.contains($0)) }
        headers += metricNames.map { HeaderCell(label: $0, numeric: true) }
        headers += ["N (params)", "tokens", "FLOPs", "wall time"].map { HeaderCell(label: $0, numeric: true) }

        var rows: [Row] = []
        rows.reserveCapacity(runs.count)
        for (index, run) in runs.enumerated() {
            var cells = [Cell(text: run.name, swatch: color(index))]
            if showSweep { cells.append(Cell(text: run.sweep)) }
            if showStage { cells.append(Cell(text: run.stage)) }
            cells.append(Cell(text: run.status.rawValue))
            for key in paramKeys {
                let value = run.params[key]
                cells.append(Cell(text: value?.description ?? "", sort: value?.number.map { "\($0)" }))
            }
            for name in metricNames {
                cells.append(.number(run.finalMetrics[name]) { NumberFormatting.significant($0, digits: 4) })
            }
            cells.append(.number(run.parameterCount.map(Double.init), display: NumberFormatting.count))
            cells.append(.number(run.tokens.map(Double.init), display: NumberFormatting.count))
            cells.append(.number(run.flops) { NumberFormatting.significant($0, digits: 3) })
            cells.append(.number(run.wallTimeSeconds, display: NumberFormatting.duration))
            rows.append(Row(cells: cells))
        }
        let table = DataTable(tableID: "runs", sortable: true, headers: headers, rows: rows)
        return Section(
            id: "summary", heading: "Summary",
            blocks: (shared.isEmpty ? [] : [Block(paragraph: "Every run: " + shared.joined(separator: ", "))]) + [
                Block(paragraph: "Click a column header to sort; click again to reverse."), Block(table: table),
            ])
    }

    /// The legend of all runs (toggles each run in every chart of the page).
    static func runLegend(_ model: ReportModel) -> Legend {
        Legend(
            items: model.runs.enumerated().map { LegendItem(key: key($1), color: color($0), label: $1.name) },
            bulk: model.runs.count > 1)
    }
}
