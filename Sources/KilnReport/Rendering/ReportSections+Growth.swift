extension ReportSections {
    /// Model growth (`from.grow`): each grown run next to the runs of its size trained from scratch with
    /// about the same total compute, where the grown run's compute counts its source model's training.
    static func growth(_ model: ReportModel) -> Section? {
        let grown = model.runs.filter { $0.params["grow.operator"] != nil }
        guard !grown.isEmpty else { return nil }
        let byID = Dictionary(model.runs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let metric =
            MetricNames.headline(
                model.runs.flatMap { $0.finalMetrics.keys }, evalSets: MetricNames.evalSets(model.runs))
            ?? MetricNames.trainLoss
        /// A grown run's compute: its own plus its source's.
        func total(_ run: ReportRun) -> Double? {
            guard let own = run.flops else { return nil }
            guard run.params["grow.operator"] != nil else { return own }
            return run.parentRunID.flatMap { byID[$0]?.flops }.map { own + $0 }
        }
        let grownTotals = grown.compactMap(total)
        // scratch runs: same size, no parent, total compute within 5% of a grown run's
        let scratch = model.runs.filter { run in
            run.parentRunID == nil && grown.contains { $0.parameterCount == run.parameterCount }
                && grownTotals.contains { target in run.flops.map { abs($0 - target) <= 0.05 * target } ?? false }
        }
        func describe(_ run: ReportRun) -> String {
            guard run.params["grow.operator"] != nil else { return "from scratch" }
            let operatorName = run.params["grow.operator"].map { "\($0)" } ?? "stack"
            let from = run.params["grow.source_layers"].map { "\($0)" } ?? "?"
            let to = run.params["grow.layers"].map { "\($0)" } ?? "?"
            let step = run.params["grow.source_step"].map { " at step \($0)" } ?? ""
            let parent = run.parentRunID.flatMap { byID[$0]?.name } ?? "?"
            return "\(operatorName) \(from) → \(to) layers from \(parent)\(step)"
        }
        let members = grown + scratch
        let rows = members.enumerated().map { position, run in
            TableRow(cells: [
                Cell(text: run.name, swatch: color(position)), Cell(text: describe(run)),
                .number(run.flops) { NumberFormatting.significant($0, digits: 3) },
                .number(total(run)) { NumberFormatting.significant($0, digits: 3) },
                .number(run.finalMetrics[metric]) { NumberFormatting.significant($0) },
            ])
        }
        let headers = [
            HeaderCell(label: "run"), HeaderCell(label: "initialisation"),
            HeaderCell(label: "own FLOPs", numeric: true), HeaderCell(label: "total FLOPs", numeric: true),
            HeaderCell(label: "final \(metric)", numeric: true),
        ]
        func mean(_ runs: [ReportRun]) -> Double? {
            let values = runs.compactMap { $0.finalMetrics[metric] }
            return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        }
        var blocks = [
            Block(
                paragraph:
                    "Total FLOPs of a grown run include its source model's training; runs from scratch of the same size are listed when their FLOPs are within 5% of a grown run's total."
            )
        ]
        if let a = mean(grown), let b = mean(scratch) {
            blocks.append(
                Block(
                    paragraph:
                        "Mean final \(metric): grown \(NumberFormatting.significant(a)) (\(grown.count) runs), from scratch \(NumberFormatting.significant(b)) (\(scratch.count) runs); difference \(NumberFormatting.significant(a - b))."
                ))
        }
        blocks.append(Block(table: DataTable(sortable: true, headers: headers, rows: rows)))
        return Section(id: "growth", heading: "Model growth", blocks: blocks)
    }
}
