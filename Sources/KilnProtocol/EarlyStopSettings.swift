/// A sweep's schedule-aware early stopping (`early_stop:` in a spec), stored with the sweep as JSON so that
/// workers read it without the spec: at each check step of a run, the loss-curve law is fitted jointly to the
/// sweep's curves so far and the run is stopped (`pruned`) when, with probability `confidence`, its predicted
/// final `metric` is above (1 + `margin`) × the best predicted final of the other runs.
package struct EarlyStopSettings: Sendable, Hashable, Codable {
    /// The loss-curve law fitted: `annealing` (Tissue et al. 2024) or `multipower` (Luo et al. 2025).
    package enum Law: String, Sendable, Hashable, Codable, CaseIterable {
        case annealing, multipower
    }

    /// How far apart a run's checks are after the first.
    package enum Interval: Sendable, Hashable {
        /// Every this many optimizer steps.
        case steps(Int)
        /// Every this fraction of the run's steps (0 < fraction < 1).
        case fraction(Double)
    }

    /// The law fitted.
    package var law: Law = .annealing
    /// The metric predicted and compared (default `train/loss`, the metric the laws describe).
    package var metric = "train/loss"
    /// The first check, as a fraction of each run's steps (0 < fraction < 1).
    package var firstCheck = 0.3
    /// The distance between later checks.
    package var interval = Interval.fraction(0.1)
    /// Relative margin: a run is stopped only when its final loss is predicted above (1 + margin) × the best.
    package var margin = 0.01
    /// Probability, over the bootstrap of the joint fit, that the run ends worse than the best by the margin.
    package var confidence = 0.9
    /// Runs with logged points (running or finished) the joint fit needs before any run is stopped.
    package var minRuns = 3
    /// Bootstrap refits of each check's joint fit.
    package var bootstrap = 40

    /// The default settings.
    package init() {}

    /// The check steps of a run of `totalSteps`: `firstCheck` of it (rounded up), then every `interval`, before
    /// the last step.
    package func checkSteps(totalSteps: Int) -> [Int] {
        guard totalSteps > 1 else { return [] }
        let every: Int
        switch interval {
        case .steps(let steps): every = max(1, steps)
        case .fraction(let fraction): every = max(1, Int((fraction * Double(totalSteps)).rounded(.up)))
        }
        let first = max(1, Int((firstCheck * Double(totalSteps)).rounded(.up)))
        return Array(stride(from: first, to: totalSteps - 1, by: every))
    }

    enum CodingKeys: String, CodingKey {
        case law, metric, firstCheck = "first_check", intervalSteps = "interval_steps"
        case intervalFraction = "interval_fraction", margin, confidence, minRuns = "min_runs", bootstrap
    }

    /// Decodes the stored JSON; absent keys take their defaults.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        law = try c.decodeIfPresent(Law.self, forKey: .law) ?? law
        metric = try c.decodeIfPresent(String.self, forKey: .metric) ?? metric
        firstCheck = try c.decodeIfPresent(Double.self, forKey: .firstCheck) ?? firstCheck
        if let steps = try c.decodeIfPresent(Int.self, forKey: .intervalSteps) {
            interval = .steps(steps)
        } else if let fraction = try c.decodeIfPresent(Double.self, forKey: .intervalFraction) {
            interval = .fraction(fraction)
        }
        margin = try c.decodeIfPresent(Double.self, forKey: .margin) ?? margin
        confidence = try c.decodeIfPresent(Double.self, forKey: .confidence) ?? confidence
        minRuns = try c.decodeIfPresent(Int.self, forKey: .minRuns) ?? minRuns
        bootstrap = try c.decodeIfPresent(Int.self, forKey: .bootstrap) ?? bootstrap
    }

    /// Encodes every setting.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(law, forKey: .law)
        try c.encode(metric, forKey: .metric)
        try c.encode(firstCheck, forKey: .firstCheck)
        switch interval {
        case .steps(let steps): try c.encode(steps, forKey: .intervalSteps)
        case .fraction(let fraction): try c.encode(fraction, forKey: .intervalFraction)
        }
        try c.encode(margin, forKey: .margin)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(minRuns, forKey: .minRuns)
        try c.encode(bootstrap, forKey: .bootstrap)
    }
}
