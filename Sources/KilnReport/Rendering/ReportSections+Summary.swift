import KilnStore

/// Builders of the report's sections from a ``ReportModel``; each returns `nil` when the model lacks its data.
enum ReportSections {
    /// Palette class of the run at `index` in display order.
    static func color(_ index: Int) -> String { "c\(index % 10)" }

    /// Legend key of a run: `r` and its store id.
    static func key(_ run: ReportRun) -> String { "r\(run.id)" }

    /// The summary: one sortable row per run with status, its final metrics (the headline metric first), the
    /// parameters that vary, and compute. Columns every run leaves empty are left out; what every run shares,
    /// and parameters that vary with another one, are written in lines above the table.
    static func summary(_ model: ReportModel) -> Section? {
        guard !model.runs.isEmpty else { return nil }
        let runs = model.runs
        let showSweep = Set(runs.map(\.sweep)).count > 1
        let showStage = Set(runs.map(\.stage)).count > 1
        // Compute columns; a parameter or metric of the same name (any case, e.g. `flops`) is shown only here.
        let compute: [(String, (ReportRun) -> Double?, (Double) -> String)] = [
            ("N (params)", { $0.parameterCount.map(Double.init) }, NumberFormatting.count),
            ("tokens", { $0.tokens.map(Double.init) }, NumberFormatting.count),
            ("FLOPs", \.flops, { NumberFormatting.significant($0, digits: 3) }),
            ("wall time", \.wallTimeSeconds, NumberFormatting.duration),
        ]
        // Columns for the parameters that tell runs apart; the ones every run shares go in one line above.
        let accounting = Set(compute.map { $0.0.lowercased() })
        let parameters = ParameterColumns(runs, excluding: accounting)
        let paramKeys = parameters.varying
        var shared = parameters.shared.map { "\($0.key) = \($0.value.description)" }
        // A set's bits per byte is its loss over ln 2: the loss column says it.
        let finals = Set(runs.flatMap(\.finalMetrics.keys))
        let metricNames = MetricNames.tableOrder(finals, evalSets: MetricNames.evalSets(runs)).filter { name in
            name != MetricNames.learningRate && !accounting.contains(name.lowercased())
                && !(name.hasPrefix("val/") && name.hasSuffix("/bpb") && finals.contains(name.dropLast(3) + "loss"))
        }
        let numericParams = Set(
            paramKeys.filter { key in runs.allSatisfy { $0.params[key].map { $0.number != nil } ?? true } })

        var columns: [(header: HeaderCell, cell: (ReportRun) -> Cell)] = []
        if showSweep { columns.append((HeaderCell(label: "sweep"), { Cell(text: $0.sweep) })) }
        if showStage { columns.append((HeaderCell(label: "stage"), { Cell(text: $0.stage) })) }
        columns.append((HeaderCell(label: "status"), { Cell(text: $0.status.rawValue) }))
        for name in metricNames {
            columns.append(
                (
                    HeaderCell(label: name, numeric: true),
                    { run in
                        .number(run.finalMetrics[name]) { NumberFormatting.significant($0, digits: 4) }
                    }
                ))
        }
        for key in paramKeys {
            columns.append(
                (
                    HeaderCell(label: key, numeric: numericParams.contains(key)),
                    { run in
                        let value = run.params[key]
                        return Cell(text: value?.description ?? "", sort: value?.number.map { "\($0)" })
                    }
                ))
        }
        // A compute column that no run fills is left out; one that every run shares goes in the line above.
        for (label, value, display) in compute where runs.contains(where: { value($0) != nil }) {
            if runs.count > 1, Set(runs.map(value)).count == 1, let common = value(runs[0]) {
                shared.append("\(label) = \(display(common))")
                continue
            }
            columns.append((HeaderCell(label: label, numeric: true), { .number(value($0), display: display) }))
        }

        let headers = [HeaderCell(label: "run")] + columns.map(\.header)
        let rows = runs.enumerated().map { index, run in
            TableRow(cells: [Cell(text: run.name, swatch: color(index))] + columns.map { $0.cell(run) })
        }
        let table = DataTable(tableID: "runs", sortable: true, headers: headers, rows: rows)
        var notes: [Block] = []
        if !shared.isEmpty { notes.append(Block(paragraph: "Every run: " + shared.joined(separator: ", "))) }
        notes += parameters.followerLines(runs).map { Block(paragraph: $0) }
        return Section(
            id: "summary", heading: "Summary",
            blocks: notes + [
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
