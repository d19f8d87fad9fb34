extension MixtureData {
    /// Column names of a mixture CSV; extra columns are ignored.
    package struct Columns: Sendable {
        /// Parameter count column.
        package var params = "params"
        /// Token count column.
        package var tokens = "tokens"
        /// Domain ratio column (a number in [0, 1]).
        package var ratio = "ratio"
        /// General validation loss column.
        package var generalLoss = "general_loss"
        /// Domain validation loss column.
        package var domainLoss = "domain_loss"

        /// The default names: params, tokens, ratio, general_loss, domain_loss.
        package init() {}
    }

    /// Reads points from a CSV table: N, D and the losses positive numbers, the ratio a number in [0, 1].
    package init(csv table: CSVTable, columns: Columns = Columns()) throws {
        let params = try table.column(columns.params), tokens = try table.column(columns.tokens)
        let ratio = try table.column(columns.ratio)
        let general = try table.column(columns.generalLoss), domain = try table.column(columns.domainLoss)
        let points = try table.records.map { record in
            let text = table.text(record, ratio)
            guard let r = Double(text), r.isFinite, (0...1).contains(r) else {
                throw FitError(
                    .unfit("\(columns.ratio) is not a number in [0, 1] ('\(text)')"), source: table.source,
                    line: record.line)
            }
            return MixturePoint(
                params: try table.positive(record, params), tokens: try table.positive(record, tokens), ratio: r,
                generalLoss: try table.positive(record, general), domainLoss: try table.positive(record, domain))
        }
        try self.init(points: points, source: table.source)
    }

    /// The points as CSV text with the default header.
    package func csv() -> String {
        points.reduce("params,tokens,ratio,general_loss,domain_loss\n") { text, p in
            text + "\(p.params),\(p.tokens),\(p.ratio),\(p.generalLoss),\(p.domainLoss)\n"
        }
    }
}
