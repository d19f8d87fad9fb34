import Foundation

/// Fits the D-CPT law (Que et al. 2024) to the general and the domain validation losses of mixture runs, each
/// like Chinchilla's Approach 3 (Huber δ = 1e-3 on log residuals, log-sum-exp form, L-BFGS from a grid of starts),
/// with bootstrap intervals, predictions at held-out ratios and the best ratio under a general-loss limit.
package enum DCPTFit {
    /// How to fit and what to answer.
    package struct Options: Sendable {
        /// The constant ε in C/(r + ε)^γ.
        package var epsilon = 0.01
        /// Huber threshold δ on log residuals.
        package var huberDelta = 1e-3
        /// Bootstrap resamples for intervals (0 for none).
        package var bootstrap = 100
        /// Seed of the bootstrap resampling.
        package var seed: UInt64 = 0
        /// Domain ratios whose points are left out of the fit and predicted.
        package var holdOut: [Double] = []
        /// The largest relative increase of the general loss over the baseline's that the best ratio may cost.
        package var maxGeneralIncrease = 0.01
        /// The domain ratio the general-loss increase is measured from.
        package var baselineRatio = 0.0
        /// N at which the best ratio is chosen (default: the largest N in the data).
        package var params: Double?
        /// D at which the best ratio is chosen (default: the largest D in the data).
        package var tokens: Double?

        /// Default options: ε = 0.01, 100 bootstrap refits, no held-out ratios, a 1% limit from r = 0.
        package init() {}
    }

    /// The grid of starts over (e, a, b, c, α, β, γ, η): 864 combinations.
    static let starts: [[Double]] = {
        var starts: [[Double]] = []
        for e in [-1.0, 0, 1] {
            for a in [0.0, 5, 10] {
                for b in [0.0, 5, 10] {
                    for c in [-3.0, -1] {
                        for alpha in [0.3, 1.0] {
                            for beta in [0.3, 1.0] {
                                for gamma in [0.2, 0.8] {
                                    for eta in [0.0, 0.5] { starts.append([e, a, b, c, alpha, beta, gamma, eta]) }
                                }
                            }
                        }
                    }
                }
            }
        }
        return starts
    }()

    /// The multi-start search of every fit: screened starts, 8 finalists to full convergence.
    static let search = MultiStart(
        optimizer: LBFGS(),
        screening: LBFGS(gradientTolerance: 1e-6, objectiveTolerance: 1e-9, stepTolerance: 1e-10), finalists: 8)

    /// Fits both laws to `data` less the held-out ratios, predicts those, and chooses the best ratio.
    package static func fit(_ data: MixtureData, options: Options = Options()) throws -> DCPTResult {
        let held = try heldOut(data, ratios: options.holdOut)
        let fitted = data.points.filter { !held.contains($0) }
        try requireIdentifiable(fitted, source: data.source)
        guard options.epsilon > 0, options.epsilon.isFinite else {
            throw FitError(.unfit("epsilon must be a positive number, found \(options.epsilon)"), source: data.source)
        }
        let general = objective(fitted, general: true, options: options)
        let domain = objective(fitted, general: false, options: options)
        guard let generalFit = search.minimize(from: starts, { general($0, &$1) }),
            let domainFit = search.minimize(from: starts, { domain($0, &$1) })
        else { throw FitError(.unfit("no start gave a finite objective"), source: data.source) }
        let generalLaw = DCPTLaw(logParameters: generalFit.best.x, epsilon: options.epsilon)
        let domainLaw = DCPTLaw(logParameters: domainFit.best.x, epsilon: options.epsilon)
        for (which, law) in [("general", generalLaw), ("domain", domainLaw)] {
            if let (name, value) = law.namedValues.first(where: { !$0.1.isFinite }) {
                throw FitError(
                    .unfit(
                        "the fitted \(which)-loss law's \(name) is not a finite number (\(value)); the data do not determine it"
                    ),
                    source: data.source)
            }
        }
        let target = (
            params: options.params ?? fitted.map(\.params).max()!, tokens: options.tokens ?? fitted.map(\.tokens).max()!
        )
        let choice = { (g: DCPTLaw, d: DCPTLaw) in
            optimalRatio(
                general: g, domain: d, params: target.params, tokens: target.tokens, baseline: options.baselineRatio,
                maxIncrease: options.maxGeneralIncrease)
        }
        let replicates = bootstrap(
            general: general, domain: domain, from: (generalFit.best.x, domainFit.best.x),
            options: options, count: fitted.count)
        return DCPTResult(
            general: generalLaw, domain: domainLaw, objective: generalFit.best.value + domainFit.best.value,
            dataCount: fitted.count, starts: starts.count,
            startsReachingBest: (generalFit.startsReachingBest, domainFit.startsReachingBest),
            converged: generalFit.best.converged && domainFit.best.converged,
            bootstrap: replicates, optimum: choice(generalLaw, domainLaw),
            bootstrapOptima: replicates.map { choice($0.general, $0.domain).ratio },
            predictions: held.map { DCPTPrediction(point: $0, general: generalLaw, domain: domainLaw) },
            fittedPoints: fitted)
    }

    /// The objective of one loss: the general loss at the general share 1 − r, the domain loss at r.
    static func objective(_ points: [MixturePoint], general: Bool, options: Options) -> DCPTObjective {
        DCPTObjective(
            params: points.map(\.params), tokens: points.map(\.tokens),
            ratios: points.map { general ? 1 - $0.ratio : $0.ratio },
            losses: points.map { general ? $0.generalLoss : $0.domainLoss }, epsilon: options.epsilon,
            delta: options.huberDelta)
    }

    /// The points whose ratio is one of `ratios` (within 1e-6); a ratio no point has is an error.
    static func heldOut(_ data: MixtureData, ratios: [Double]) throws -> [MixturePoint] {
        try ratios.flatMap { r in
            let matching = data.points.filter { abs($0.ratio - r) <= 1e-6 }
            guard !matching.isEmpty else {
                throw FitError(
                    .unfit(
                        "no point has ratio \(formatted(r)) to hold out (ratios: "
                            + data.ratios.map(formatted).joined(separator: ", ") + ")"), source: data.source)
            }
            return matching
        }
    }

    /// Each law has 8 parameters: A and α need 3 or more model sizes, B and β 3 or more token counts, and the
    /// ratio terms (E-free: B's η, C and γ) 4 or more ratios; with fewer the optimiser returns an arbitrary point.
    static func requireIdentifiable(_ points: [MixturePoint], source: String?) throws {
        guard points.count >= 9 else {
            throw FitError(
                .tooFewPoints(what: "points to fit the D-CPT law's 8 parameters", needed: 9, found: points.count),
                source: source)
        }
        let checks = [
            (Set(points.map(\.params)).count, 3, "model sizes N to identify A and alpha"),
            (Set(points.map(\.tokens)).count, 3, "token counts D to identify B and beta"),
            (Set(points.map(\.ratio)).count, 4, "mixture ratios r to identify C, gamma and eta"),
        ]
        for (found, needed, what) in checks where found < needed {
            throw FitError(
                .unfit("the D-CPT law needs at least \(needed) distinct \(what), found \(found)"), source: source)
        }
    }

    /// The domain ratio r ∈ [0, 1] (on a grid of 1e-4) with the lowest predicted domain loss among those whose
    /// general loss is at most (1 + `maxIncrease`) × the general loss at the `baseline` ratio, for N = `params`,
    /// D = `tokens`.
    package static func optimalRatio(
        general: DCPTLaw, domain: DCPTLaw, params: Double, tokens: Double, baseline: Double, maxIncrease: Double
    ) -> RatioChoice {
        let generalAt = { (r: Double) in general.loss(params: params, tokens: tokens, ratio: 1 - r) }
        let limit = generalAt(baseline) * (1 + maxIncrease)
        var best = baseline, bestLoss = domain.loss(params: params, tokens: tokens, ratio: baseline)
        for step in 0...10_000 {
            let r = Double(step) / 10_000
            let loss = domain.loss(params: params, tokens: tokens, ratio: r)
            if generalAt(r) <= limit, loss < bestLoss { (best, bestLoss) = (r, loss) }
        }
        return RatioChoice(
            params: params, tokens: tokens, baseline: baseline, maxIncrease: maxIncrease, ratio: best,
            domainLoss: bestLoss, generalLoss: generalAt(best), baselineGeneralLoss: generalAt(baseline))
    }

    /// Refits both laws on resampled points (the same resample for both), each from the full fit's optimum and
    /// nearby starts.
    private static func bootstrap(
        general: DCPTObjective, domain: DCPTObjective, from x: ([Double], [Double]), options: Options, count: Int
    ) -> [(general: DCPTLaw, domain: DCPTLaw)] {
        guard options.bootstrap > 0 else { return [] }
        let weights = Bootstrap.multiplicities(count: count, replicates: options.bootstrap, seed: options.seed)
        func nearby(_ x: [Double]) -> [[Double]] {
            var starts = [x]
            for scale in [0.8, 1.25] {
                var exponents = x, coefficients = x
                for k in 4..<8 { exponents[k] *= scale }
                for k in 1..<4 { coefficients[k] += 1 }
                for k in 4..<6 { coefficients[k] *= scale }
                starts += [exponents, coefficients]
            }
            return starts
        }
        let starts = (nearby(x.0), nearby(x.1)), optimizer = search.optimizer, epsilon = options.epsilon
        let fits = parallelMap(weights.count) { replicate -> (general: DCPTLaw, domain: DCPTLaw)? in
            let g = general.reweighted(weights[replicate]), d = domain.reweighted(weights[replicate])
            guard let bestG = starts.0.map({ optimizer.minimize(from: $0, g.callAsFunction) }).best,
                let bestD = starts.1.map({ optimizer.minimize(from: $0, d.callAsFunction) }).best
            else { return nil }
            return (
                DCPTLaw(logParameters: bestG.x, epsilon: epsilon), DCPTLaw(logParameters: bestD.x, epsilon: epsilon)
            )
        }
        return fits.compactMap { $0 }
    }
}
