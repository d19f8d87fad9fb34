/// How a population of a sweep trains (population-based training, Jaderberg et al. 2017): planned
/// from a stage's `population:` and stored with the sweep (`populations.rule`), so the worker that
/// finishes a generation can register the next one from the database alone. Members train in
/// segments of `ready` steps; after each, the bottom `truncation` fraction by `metric` (lower is
/// better) copies a top member's checkpoint and explores, the others continue their own.
package struct PopulationRule: Sendable, Hashable, Codable {
    /// The stage whose runs are the population.
    package var stage: String
    /// Members.
    package var size: Int
    /// Steps per segment: members are ranked every `ready` steps.
    package var ready: Int
    /// Steps each member trains in all (a multiple of `ready`).
    package var steps: Int
    /// The fraction of members, worst first, that copy a member of the same fraction, best first.
    package var truncation: Double
    /// Parameters multiplied by one of their factors, drawn uniformly (`perturb: {lr: [0.8, 1.25]}`).
    package var perturb: [String: [Double]]
    /// Parameters drawn again from a distribution (`resample: {lr: {log_uniform: [1e-3, 1e-1]}}`).
    package var resample: [String: NumericDistribution]
    /// The metric members are ranked by, its latest value in each segment (lower is better).
    package var metric: String
    /// Seeds every draw, so a sweep explores the same way each time it runs.
    package var seed: Int

    /// A rule from its parts.
    package init(
        stage: String, size: Int, ready: Int, steps: Int, truncation: Double, perturb: [String: [Double]],
        resample: [String: NumericDistribution], metric: String, seed: Int
    ) {
        self.stage = stage
        self.size = size
        self.ready = ready
        self.steps = steps
        self.truncation = truncation
        self.perturb = perturb
        self.resample = resample
        self.metric = metric
        self.seed = seed
    }

    /// The parameters explore changes, sorted.
    package var explored: [String] { Set(perturb.keys).union(resample.keys).sorted() }

    /// How many members copy another after each segment: the truncated fraction, at least one and
    /// at most half of the population.
    package var exploiting: Int { min(max(1, Int(Double(size) * truncation)), size / 2) }

    /// Segments each member trains.
    package var generations: Int { (steps + ready - 1) / ready }

    /// The generator of the draws for `member` entering `generation`: independent of which worker
    /// draws, and of the order members are handled in.
    package func generator(generation: Int, member: Int) -> SplitMix64 {
        SplitMix64(seed: UInt64(bitPattern: Int64(seed)), stream: UInt64(generation), index: UInt64(member))
    }

    /// New values for the explored parameters of a member that copies another: `current` holds the
    /// copied member's values; a parameter missing there is only resampled. Draws in sorted
    /// parameter order from `generator`.
    package func explore(_ current: [String: Double], using generator: inout SplitMix64) -> [String: NumericDistribution
        .Draw]
    {
        var changed: [String: NumericDistribution.Draw] = [:]
        for name in explored {
            if let distribution = resample[name] {
                changed[name] = distribution.sample(&generator)
            } else if let factors = perturb[name], !factors.isEmpty, let value = current[name] {
                changed[name] = .number(value * factors[generator.next(below: factors.count)])
            }
        }
        return changed
    }

    enum CodingKeys: String, CodingKey {
        case stage, size, ready, steps, truncation, perturb, resample, metric, seed
    }
}
