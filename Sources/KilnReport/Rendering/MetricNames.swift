import KilnAnalysis

/// Kiln's metric naming conventions: `lr`, `train/loss`, `val/<set>/loss`, and anything else a trainer logs.
enum MetricNames {
    /// The learning-rate series.
    static let learningRate = "lr"
    /// The training-loss series.
    static let trainLoss = "train/loss"

    /// Whether `name` is a loss (`train/loss`, `val/<set>/loss`, or any name ending in `loss`).
    static func isLoss(_ name: String) -> Bool { name.hasSuffix("loss") }

    /// Whether a larger value of `name` is better (throughput such as `tokens_per_s`, accuracy); for every other
    /// metric lower is.
    static func higherIsBetter(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix("per_s") || lower.hasSuffix("/acc")
            || ["per_sec", "throughput", "accuracy", "tokens/s"].contains { lower.contains($0) }
    }

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

    /// `names` in the order of a table of final values: each eval set's metrics in the order the spec lists
    /// the sets (`evalSets`; other sets after them by name), its loss first; then `train/loss`, other losses,
    /// other metrics, and `lr` last. The first name is the headline metric when a validation loss exists.
    static func tableOrder(_ names: some Sequence<String>, evalSets: [String]) -> [String] {
        func key(_ name: String) -> (Int, Int, String, Int, String) {
            let parts = name.split(separator: "/", omittingEmptySubsequences: false)
            if parts.count == 3, parts[0] == "val" {
                let set = String(parts[1])
                return (0, evalSets.firstIndex(of: set) ?? evalSets.count, set, parts[2] == "loss" ? 0 : 1, name)
            }
            let group = name == trainLoss ? 1 : isLoss(name) ? 2 : name == learningRate ? 4 : 3
            return (group, 0, "", 0, name)
        }
        return Set(names).sorted { key($0) < key($1) }
    }

    /// The metric that ranks runs: `DefaultMetric`'s validation loss (the one `kiln fit scaling` fits by
    /// default), else the training loss, else the first metric.
    static func headline(_ names: some Sequence<String>, evalSets: [String]) -> String? {
        DefaultMetric.validationLoss(among: names, evalSets: evalSets)
            ?? tableOrder(names, evalSets: evalSets).first { $0 != learningRate }
    }

    /// The eval sets of the runs as `DefaultMetric.evalSets` reads them, from the first run with an `eval`
    /// (or `data.mixture`) parameter.
    static func evalSets(_ runs: [ReportRun]) -> [String] {
        func text(_ key: String) -> String? {
            guard case .text(let text)? = runs.lazy.compactMap({ $0.params[key] }).first else { return nil }
            return text
        }
        return DefaultMetric.evalSets(evalJSON: text("eval"), mixtureJSON: text("data.mixture"))
    }

    /// Points per series when drawing `seriesCount` series in one chart: at most 400, and at most
    /// 40,000 in the chart overall (so 1,000 runs get 40 points each), but never fewer than 32.
    static func pointsPerSeries(seriesCount: Int) -> Int {
        min(400, max(32, 40_000 / max(seriesCount, 1)))
    }
}
