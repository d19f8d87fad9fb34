import KilnProtocol
import KilnStore

/// The latest D-CPT fit `kiln fit mixture SWEEP` saved for a sweep, read from its stored summary (the report
/// never fits a law itself).
enum StoredMixtureFit {
    /// The kind `kiln fit mixture` saves under.
    static let kind = "d-cpt"

    /// The results of the saved `d-cpt` fit among `fits`, nil when there is none.
    static func results(sweep: String, fits: [FitRecord]) -> MixtureLawResults? {
        guard let fit = fits.first(where: { $0.kind == kind }) else { return nil }
        let summary = (try? JSONValue(parsing: fit.summary)) ?? .object([])
        let values = summary["parameters"], intervals = summary["intervals"]
        func interval(_ name: String) -> (Double, Double)? {
            guard let pair = intervals?[name]?.arrayValue, pair.count == 2, let low = pair[0].doubleValue,
                let high = pair[1].doubleValue
            else { return nil }
            return (low, high)
        }
        let parameters = ["E", "A", "B", "C", "alpha", "beta", "gamma", "eta"].map { name in
            MixtureLawResults.Parameter(
                name: name, general: values?["general.\(name)"]?.doubleValue,
                generalInterval: interval("general.\(name)"),
                domain: values?["domain.\(name)"]?.doubleValue, domainInterval: interval("domain.\(name)"))
        }
        let predictions = (summary["predictions"]?.arrayValue ?? []).compactMap { p -> MixtureLawResults.Prediction? in
            guard let n = p["params"]?.doubleValue, let d = p["tokens"]?.doubleValue, let r = p["ratio"]?.doubleValue,
                let go = p["general_observed"]?.doubleValue, let gp = p["general_predicted"]?.doubleValue,
                let dob = p["domain_observed"]?.doubleValue, let dp = p["domain_predicted"]?.doubleValue
            else { return nil }
            return MixtureLawResults.Prediction(
                params: n, tokens: d, ratio: r, generalObserved: go, generalPredicted: gp, domainObserved: dob,
                domainPredicted: dp)
        }
        let o = summary["optimum"]
        let optimum = o.flatMap { o -> String? in
            guard let n = o["params"]?.doubleValue, let d = o["tokens"]?.doubleValue,
                let base = o["baseline_ratio"]?.doubleValue, let limit = o["max_general_increase"]?.doubleValue
            else { return nil }
            return "at N = \(NumberFormatting.count(n)), D = \(NumberFormatting.count(d)) tokens, with the general "
                + "loss at most \(NumberFormatting.significant(limit * 100, digits: 3))% above its value at r = "
                + NumberFormatting.significant(base, digits: 3)
        }
        return MixtureLawResults(
            sweep: sweep, metrics: fit.metric, dataCount: summary["data_count"]?.intValue,
            epsilon: summary["epsilon"]?.doubleValue, parameters: parameters,
            bestRatio: o?["ratio"]?.doubleValue, bestRatioInterval: interval("r_opt"), optimum: optimum,
            predictions: predictions, warnings: (summary["warnings"]?.arrayValue ?? []).compactMap(\.stringValue))
    }
}
