/// Chinchilla Approach 3 (Hoffmann et al. 2022): fit L(N, D) = E + A/N^α + B/D^β by minimising the
/// Huber loss (δ = 1e-3) of log-space residuals in the log-sum-exp parametrisation, with L-BFGS
/// from every point of a grid of starts, keeping the best; bootstrap over points for intervals.
package enum ChinchillaFit {
    /// A grid of starting points over (a, b, e, α, β); every combination is one start.
    package struct Grid: Sendable {
        /// Values of a = log A.
        package var a: [Double]
        /// Values of b = log B.
        package var b: [Double]
        /// Values of e = log E.
        package var e: [Double]
        /// Values of α.
        package var alpha: [Double]
        /// Values of β.
        package var beta: [Double]

        /// Creates a grid.
        package init(a: [Double], b: [Double], e: [Double], alpha: [Double], beta: [Double]) {
            self.a = a
            self.b = b
            self.e = e
            self.alpha = alpha
            self.beta = beta
        }

        /// Hoffmann et al.'s grid: α, β ∈ {0, 0.5, …, 2}, e ∈ {−1, −0.5, …, 1}, a, b ∈ {0, 5, …, 25}: 4,500 starts.
        package static let hoffmann = Grid(
            a: stride(from: 0.0, through: 25, by: 5).map { $0 }, b: stride(from: 0.0, through: 25, by: 5).map { $0 },
            e: stride(from: -1.0, through: 1, by: 0.5).map { $0 },
            alpha: stride(from: 0.0, through: 2, by: 0.5).map { $0 },
            beta: stride(from: 0.0, through: 2, by: 0.5).map { $0 })

        /// Number of starts.
        package var count: Int { a.count * b.count * e.count * alpha.count * beta.count }

        /// Every start as (a, b, e, α, β).
        package var starts: [[Double]] {
            var starts: [[Double]] = []
            starts.reserveCapacity(count)
            for a in a {
                for b in b {
                    for e in e {
                        for alpha in alpha {
                            for beta in beta {
                                starts.append([a, b, e, alpha, beta])
                            }
                        }
                    }
                }
            }
            return starts
        }
    }

    /// How to fit.
    package struct Options: Sendable {
        /// Huber threshold δ on log residuals.
        package var huberDelta = 1e-3
        /// The grid of starts.
        package var grid = Grid.hoffmann
        /// The optimiser run from every start.
        package var optimizer = LBFGS()
        /// The looser optimiser run from every grid start, or nil to run `optimizer` from every start.
        /// Its tests are still relative to the objective's scale; the best `finalists` are then run to `optimizer`'s.
        package var screening: LBFGS? = LBFGS(gradientTolerance: 1e-6, objectiveTolerance: 1e-9, stepTolerance: 1e-10)
        /// Screened starts taken on to full convergence.
        package var finalists = 8
        /// Bootstrap resamples for intervals (0 for none).
        package var bootstrap = 0
        /// Seed of the bootstrap resampling.
        package var seed: UInt64 = 0

        /// Default options: Hoffmann's grid, no bootstrap.
        package init() {}
    }

    /// Fits the law to `data`.
    package static func fit(_ data: ScalingData, options: Options = Options()) throws -> ChinchillaResult {
        guard data.count >= 5 else {
            throw FitError(.tooFewPoints(what: "points", needed: 5, found: data.count), source: data.source)
        }
        try requireIdentifiable(data)
        let objective = ChinchillaObjective(data: data, delta: options.huberDelta)
        let starts = options.grid.starts
        guard !starts.isEmpty else { throw FitError(.unfit("the grid of starts is empty")) }
        let search = MultiStart(
            optimizer: options.optimizer, screening: options.screening, finalists: options.finalists)
        guard let outcome = search.minimize(from: starts, { objective($0, &$1) }) else {
            throw FitError(.unfit("no start gave a finite objective"), source: data.source)
        }
        let (best, results, reachedBest) = (outcome.best, outcome.starts, outcome.startsReachingBest)
        let law = ChinchillaLaw(logParameters: best.x)
        try requireFrontier(law, source: data.source)
        let replicates = bootstrap(objective: objective, from: best.x, options: options, count: data.count)
        return ChinchillaResult(
            law: law, loss: best.value, dataCount: data.count, starts: starts.count,
            convergedStarts: results.filter(\.converged).count, startsReachingBest: reachedBest,
            converged: best.converged, bootstrap: replicates.laws, bootstrapConverged: replicates.converged)
    }

    /// A and α are identified only by losses at 3 or more model sizes, B and β only at 3 or more token counts
    /// (E + A/N^α has three unknowns along N); with fewer the optimiser returns an arbitrary point.
    static func requireIdentifiable(_ data: ScalingData) throws {
        let sizes = Set(data.points.map(\.params)).count, tokens = Set(data.points.map(\.tokens)).count
        guard sizes >= 3 else {
            throw FitError(
                .unfit("Approach 3 needs at least 3 distinct model sizes N to identify A and alpha, found \(sizes)"),
                source: data.source)
        }
        guard tokens >= 3 else {
            throw FitError(
                .unfit("Approach 3 needs at least 3 distinct token counts D to identify B and beta, found \(tokens)"),
                source: data.source)
        }
    }

    /// A law whose loss does not fall with N or with D has no compute-optimal frontier (its G, a and b are
    /// not numbers): such a fit is refused rather than reported with NaNs.
    static func requireFrontier(_ law: ChinchillaLaw, source: String?) throws {
        if !(law.alpha > 0) {
            throw FitError(
                .unfit(
                    "the fitted law has alpha = \(formatted(law.alpha)): loss does not fall as the model grows "
                        + "over these points, so the compute-optimal frontier is undefined; add runs of more model sizes"
                ), source: source)
        }
        if !(law.beta > 0) {
            throw FitError(
                .unfit(
                    "the fitted law has beta = \(formatted(law.beta)): loss does not fall with more training "
                        + "tokens over these points, so the compute-optimal frontier is undefined; add runs of more token counts"
                ), source: source)
        }
        if let (name, value) = law.namedValues.first(where: { !$0.1.isFinite }) {
            throw FitError(
                .unfit("the fitted law's \(name) is not a finite number (\(value)); the data do not determine the law"),
                source: source)
        }
    }

    /// Refits on resampled points, each from the full fit's optimum and a small grid around it.
    private static func bootstrap(
        objective: ChinchillaObjective, from x: [Double], options: Options, count: Int
    ) -> (laws: [ChinchillaLaw], converged: Int) {
        guard options.bootstrap > 0 else { return ([], 0) }
        let weights = Bootstrap.multiplicities(count: count, replicates: options.bootstrap, seed: options.seed)
        var grid = [x]
        for scale in [0.8, 1.25] {
            for shift in [-1.0, 1.0] {
                grid.append([x[0] + shift, x[1] - shift, x[2], x[3] * scale, x[4] * scale])
                grid.append([x[0], x[1], x[2] + 0.2 * shift, x[3] * scale, x[4] / scale])
            }
        }
        let starts = grid, optimizer = options.optimizer
        // A refit counts as converged when some start met a convergence test within 1e-8 (relative) of the best.
        let fits = parallelMap(weights.count) { replicate -> (OptimizationResult, Bool)? in
            let resampled = objective.reweighted(weights[replicate])
            let results = starts.map { optimizer.minimize(from: $0, resampled.callAsFunction) }
            guard let best = results.best else { return nil }
            return (best, results.contains { $0.converged && $0.value - best.value <= 1e-8 * best.value })
        }
        let finished = fits.compactMap { $0 }
        return (finished.map { ChinchillaLaw(logParameters: $0.0.x) }, finished.filter(\.1).count)
    }
}
