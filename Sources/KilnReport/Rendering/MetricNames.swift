/// Kiln's metric naming conventions: `lr`, `train/loss`, `val/<set>/loss`, and anything else a trainer logs.
enum MetricNames {
    /// The learning-rate series.
    static let learningRate = "lr"
    /// The training-loss series.
    static let trainLoss = "train/loss"

    /// Whether `name` is a loss (`train/loss`, `val/<set>/loss`, or any name ending in `loss`).
    static func isLoss(_ name: String) -> Bool { name.hasSuffix("loss") }

    /// `names` in report order: `train/loss`, validation losses, other losses, other metrics, `lr` last.
    static func ordered(_ names: some Sequence<String>) -> [String] {
        func rank(_ name: String) -> Int {
            if name == trainLoss { return 0 }
            if name.hasPrefix("val/") && isLoss(name) { return 1 }
            if isLoss(name) { return 2 }
            if name == learningRate { return 4 }
            return 3
        }
        return Set(names).sorted { (rank($0), $0) < (rank($1), $1) }
    }

    /// The metric that ranks runs: the first validation loss, else the training loss, else the first metric.
    static func primary(_ names: some Sequence<String>) -> String? {
        ordered(names).first { $0.hasPrefix("val/") && isLoss($0) } ?? ordered(names).first { $0 != learningRate }
    }

    /// Points per series when drawing `seriesCount` series in one chart: at most 400, and at most
    /// 40,000 in the chart overall (so 1,000 runs get 40 points each), but never fewer than 32.
    static func pointsPerSeries(seriesCount: Int) -> Int {
        min(400, max(32, 40_000 / max(seriesCount, 1)))
    }
}
