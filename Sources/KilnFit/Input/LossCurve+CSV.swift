extension LossCurve {
    /// Column names of a loss-curve CSV; extra columns are ignored.
    package struct Columns: Sendable {
        /// Run name column.
        package var run = "run"
        /// Step column (0-based).
        package var step = "step"
        /// Learning-rate column.
        package var lr = "lr"
        /// Loss column.
        package var loss = "loss"

        /// The default names: run, step, lr, loss.
        package init() {}
    }

    /// Reads every run's curve from a CSV table, in order of first appearance; rows of a run are sorted by step.
    package static func curves(csv table: CSVTable, columns: Columns = Columns(), warmupSteps: Int = 0) throws
        -> [LossCurve]
    {
        let run = try table.column(columns.run), step = try table.column(columns.step)
        let lr = try table.column(columns.lr), loss = try table.column(columns.loss)
        var order: [String] = []
        var rows: [String: [(step: Int, lr: Double, loss: Double, line: Int)]] = [:]
        for record in table.records {
            let name = table.text(record, run)
            let lrText = table.text(record, lr)
            guard let rate = Double(lrText), rate.isFinite, rate >= 0 else {
                throw FitError(
                    .notANumber(column: table.header[lr], text: lrText), source: table.source, line: record.line)
            }
            let row = (try table.integer(record, step), rate, try table.positive(record, loss), record.line)
            if rows[name] == nil { order.append(name) }
            rows[name, default: []].append(row)
        }
        return try order.map { name in
            let sorted = rows[name]!.sorted { $0.step < $1.step }
            for i in sorted.indices.dropFirst() where sorted[i].step == sorted[i - 1].step {
                throw FitError(
                    .unfit("run '\(name)' has step \(sorted[i].step) twice"), source: table.source, line: sorted[i].line
                )
            }
            return try LossCurve(
                run: name, steps: sorted.map(\.step), lrs: sorted.map(\.lr), losses: sorted.map(\.loss),
                warmupSteps: warmupSteps)
        }
    }
}
