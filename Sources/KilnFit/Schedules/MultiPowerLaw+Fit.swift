import Foundation

extension MultiPowerLaw {
    /// Fits the law to one or more curves: Huber loss of log-loss residuals, L-BFGS over
    /// θ = (log L0, log A, α, logit(B/B_max), log C, logit β, logit γ) — so β, γ stay in (0, 1) and the full
    /// drop B·η_peak stays below the lowest loss (B_max = L_min/η_peak) — from a grid over
    /// C, β, γ (and two L0); every start runs a short screen and the best three run to convergence. The objective
    /// covers the fit window's rows (weighted fit points on long curves) and its loss drop is a quadrature over
    /// every step's LR change with a bounded error (`DropQuadrature`).
    package static func fit(curves: [LossCurve], options: ScheduleFitOptions = ScheduleFitOptions()) throws
        -> ScheduleFit<MultiPowerLaw>
    {
        let points = options.fitPoints(curves)
        let rows = try LossCurve.requireRows(points, needed: 8)
        try LossCurve.requireAnnealing(curves)
        let quadratures = curves.map {
            DropQuadrature(
                lrs: $0.denseLearningRates, warmupSteps: $0.effectiveWarmupSteps,
                areaTolerance: options.dropTolerance, rateTolerance: options.dropTolerance)
        }
        let objective = MultiPowerObjective(
            curves: curves, points: points, quadratures: quadratures, delta: options.huberDelta)
        let grid = objective.starts()
        var screening = options.optimizer
        screening.maxIterations = 60
        let screen = screening
        let screened = parallelMap(grid.count) { screen.minimize(from: grid[$0], objective.callAsFunction) }
        let finalists = screened.indices.filter { screened[$0].value.isFinite }
            .sorted { (screened[$0].value, $0) < (screened[$1].value, $1) }.prefix(3).map { screened[$0].x }
        let optimizer = options.optimizer
        let results = parallelMap(finalists.count) { optimizer.minimize(from: finalists[$0], objective.callAsFunction) }
        guard let found = results.best else {
            throw FitError(.unfit("the multi-power law gave no finite objective from any start"))
        }
        let best = NelderMead.fallback(from: found, objective.callAsFunction)
        var fit = ScheduleFit(
            law: objective.law(best.x), loss: best.value, dataCount: rows,
            trainedOn: curves.map(\.run), starts: grid.count, converged: best.converged)
        (fit.fitPoints, fit.window, fit.warnings) = (points, options.window, objective.boundWarnings(best.x))
        if options.bootstrap > 0 {
            let samples = CurveBootstrap.resample(
                curves, points: points, law: fit.law, replicates: options.bootstrap, seed: options.seed,
                blockLength: options.blockLength)
            let x = best.x, maxB = objective.maxB
            let laws = parallelMap(samples.count) { i -> MultiPowerLaw in
                let resampled = MultiPowerObjective(
                    curves: samples[i], points: points, quadratures: quadratures,
                    delta: options.huberDelta, maxB: maxB)
                return resampled.law(optimizer.minimize(from: x, resampled.callAsFunction).x)
            }
            fit.intervals = CurveBootstrap.intervals(laws)
            fit.bootstrapCount = laws.count
            fit.replicates = laws
        }
        return fit
    }
}

/// Σ wᵢ·Huber(log L̂ − log L) over the fit points of all curves, with its gradient in θ.
struct MultiPowerObjective: Sendable {
    let traces: [MultiPowerTrace]
    let huber: Huber
    let peak: Double, minLoss: Double, firstLoss: Double, firstArea: Double, lrRange: Double
    /// Upper bound of B: a loss drop of B·η_peak equal to the lowest loss.
    let maxB: Double

    /// Prepares `points` of `curves` (by default every row) with each curve's `quadratures` (by default exact);
    /// `maxB` overrides the bound of B (bootstrap refits keep the original fit's bound).
    init(
        curves: [LossCurve], points: [FitPoints]? = nil, quadratures: [DropQuadrature]? = nil, delta: Double,
        maxB: Double? = nil
    ) {
        let points = points ?? curves.map { FitPoints(curve: $0, fromStep: 0, limit: 0) }
        let quadratures =
            quadratures
            ?? curves.map {
                DropQuadrature(
                    lrs: $0.denseLearningRates, warmupSteps: $0.effectiveWarmupSteps, areaTolerance: 0, rateTolerance: 0
                )
            }
        traces = curves.indices.map { c in
            let rows = points[c].indices
            return MultiPowerTrace(
                quadrature: quadratures[c], steps: rows.map { curves[c].steps[$0] },
                losses: rows.indices.map { points[c].loss(of: curves[c], at: $0) }, weights: points[c].weights)
        }
        huber = Huber(delta: delta)
        let allLRs = curves.flatMap(\.lrs)
        peak = allLRs.max() ?? 1
        lrRange = max((allLRs.max() ?? 1) - (allLRs.min() ?? 0), 1e-12)
        minLoss = traces.flatMap(\.rows).map { exp($0.logLoss) }.min() ?? 1
        let earliest = traces.flatMap(\.rows).filter { $0.area > 0 }.min { $0.area < $1.area }
        firstLoss = earliest.map { exp($0.logLoss) } ?? 2 * minLoss
        firstArea = earliest?.area ?? 1
        self.maxB = maxB ?? minLoss / max(peak, 1e-300)
    }

    /// The law at θ.
    func law(_ x: [Double]) -> MultiPowerLaw {
        MultiPowerLaw(
            L0: exp(x[0]), A: exp(x[1]), alpha: x[2], B: maxB / (1 + exp(-x[3])), C: exp(x[4]),
            beta: 1 / (1 + exp(-x[5])), gamma: 1 / (1 + exp(-x[6])))
    }

    /// The grid of starts: C spread over two decades around the scale where C·x ≈ 1 after 100 steps at the
    /// peak, β, γ ∈ {0.3, 0.6}, L0 ∈ {0.6, 0.85}·(lowest loss); A through the earliest row; B so the full drop
    /// is a tenth of the loss.
    func starts() -> [[Double]] {
        var starts: [[Double]] = []
        let logit = { (p: Double) in log(p / (1 - p)) }
        for l0 in [0.6, 0.85] {
            let alpha = 0.5
            let a = log(max(firstLoss - l0 * minLoss, 0.05 * minLoss)) + alpha * log(firstArea)
            for beta in [0.3, 0.6] {
                for gamma in [0.3, 0.6] {
                    let reference = 1 / (pow(peak, 1 - gamma) * 100)
                    for c in [0.1, 1, 10] {
                        starts.append([
                            log(l0 * minLoss), a, alpha, logit(min(0.1 * minLoss / lrRange / maxB, 0.5)),
                            log(c * reference),
                            logit(beta), logit(gamma),
                        ])
                    }
                }
            }
        }
        return starts
    }

    func callAsFunction(_ x: [Double], _ gradient: inout [Double]) -> Double {
        let law = self.law(x)
        var partials = [Double](repeating: 0, count: 7)
        for i in gradient.indices { gradient[i] = 0 }
        var total = 0.0
        for trace in traces {
            for index in trace.rows.indices where trace.rows[index].area > 0 {
                let predicted = trace.predict(row: index, law: law, gradient: &partials, withGradient: true)
                guard predicted > 0, predicted.isFinite else { return .infinity }
                let r = log(predicted) - trace.rows[index].logLoss
                let weight = trace.rows[index].weight
                total += weight * huber.value(r)
                let scale = weight * huber.derivative(r) / predicted
                partials[3] *= 1 - law.B / maxB  // ∂B/∂θ₃ = B·(1 − B/B_max); the trace gave ∂/∂log B
                for i in 0..<7 { gradient[i] += scale * partials[i] }
            }
        }
        return total
    }
}

extension MultiPowerObjective {
    /// A warning for each parameter the fit left on a bound: β or γ within 1% of 0 or 1, B within 1% of B_max,
    /// L0 below 0.1% of the lowest loss.
    func boundWarnings(_ x: [Double]) -> [String] {
        let law = self.law(x)
        var warnings: [String] = []
        if law.L0 < 1e-3 * minLoss { warnings.append(BoundWarning.message("L0", bound: 0)) }
        if law.B > 0.99 * maxB {
            warnings.append(
                BoundWarning.message("B", bound: "B_max = \(formatted(maxB)) (the lowest loss over the peak LR)"))
        }
        for (name, value) in [("beta", law.beta), ("gamma", law.gamma)] {
            if value > 0.99 { warnings.append(BoundWarning.message(name, bound: 1)) }
            if value < 0.01 { warnings.append(BoundWarning.message(name, bound: 0)) }
        }
        return warnings
    }
}
