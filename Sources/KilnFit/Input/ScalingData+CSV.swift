extension ScalingData {
    /// Column names of a scaling CSV; extra columns are ignored.
    package struct Columns: Sendable {
        /// Parameter count column.
        package var params = "params"
        /// Token count column.
        package var tokens = "tokens"
        /// Loss column.
        package var loss = "loss"
        /// FLOPs column, used when present.
        package var flops = "flops"
        /// Whether a missing FLOPs column is an error (when the user named one).
        package var requireFlops = false

        /// The default names: params, tokens, loss, flops.
        package init() {}
    }

    /// Reads points from a CSV table; every value must be a positive number; `flops` is optional.
    package init(csv table: CSVTable, columns: Columns = Columns()) throws {
        let params = try table.column(columns.params), tokens = try table.column(columns.tokens)
        let loss = try table.column(columns.loss)
        let flops = columns.requireFlops ? try table.column(columns.flops) : table.header.firstIndex(of: columns.flops)
        let points = try table.records.map { record in
            ScalingPoint(
                params: try table.positive(record, params), tokens: try table.positive(record, tokens),
                loss: try table.positive(record, loss), flops: try flops.map { try table.positive(record, $0) })
        }
        try self.init(points: points, source: table.source)
    }
}
