import Foundation

extension AnnealingLaw {
    /// Fits the law to one or more curves: Huber loss of log-loss residuals over the fit window's rows (weighted fit
    /// points on long curves, while the LR sums use every step), L-BFGS from a grid of starts in
    /// (log L0, log A, α, log C), for each λ of the grid unless λ is given.
    package static func fit(curves: [LossCurve], options: ScheduleFitOptions = ScheduleFitOptions()) throws
        -> ScheduleFit<AnnealingLaw>
    {
        let points = options.fitPoints(curves)
        let rows = try LossCurve.requireRows(points, needed: 5)
        try LossCurve.requireAnnealing(curves)
        let lambdas = options.lambda.map { [$0] } ?? options.lambdaGrid
        let optimizer = options.optimizer
        var best: (result: OptimizationResult, lambda: Double)?
        var starts = 0
        for lambda in lambdas {
            let objective = AnnealingObjective(
                curves: curves, points: points, lambda: lambda, delta: options.huberDelta)
            let grid = objective.starts()
            starts += grid.count
            let results = parallelMap(grid.count) { optimizer.minimize(from: grid[$0], objective.callAsFunction) }
            if let found = results.best,
                case let candidate = NelderMead.fallback(from: found, objective.callAsFunction),
                candidate.value < (best?.result.value ?? .infinity)
            {
                best = (candidate, lambda)
            }
        }
        guard let best else { throw FitError(.unfit("the annealing law gave no finite objective from any start")) }
        let x = best.result.x
        let law = AnnealingLaw(L0: exp(x[0]), A: exp(x[1]), alpha: x[2], C: exp(x[3]), lambda: best.lambda)
        var fit = ScheduleFit(
            law: law, loss: best.result.value, dataCount: rows, trainedOn: curves.map(\.run),
            starts: starts, converged: best.result.converged)
        (fit.fitPoints, fit.window) = (points, options.window)
        fit.warnings = AnnealingObjective(curves: curves, points: points, lambda: law.lambda, delta: options.huberDelta)
            .boundWarnings(law)
        if options.bootstrap > 0 {
            let samples = CurveBootstrap.resample(
                curves, points: points, law: law, replicates: options.bootstrap, seed: options.seed,
                blockLength: options.blockLength)
            let laws = parallelMap(samples.count) { i -> AnnealingLaw in
                let objective = AnnealingObjective(
                    curves: samples[i], points: points, lambda: law.lambda, delta: options.huberDelta)
                let y = optimizer.minimize(from: x, objective.callAsFunction).x
                return AnnealingLaw(L0: exp(y[0]), A: exp(y[1]), alpha: y[2], C: exp(y[3]), lambda: law.lambda)
            }
            fit.intervals = CurveBootstrap.intervals(laws)
            fit.intervals["lambda"] = nil
            fit.bootstrapCount = laws.count
            fit.replicates = laws
        }
        return fit
    }
}

/// Σ wᵢ·Huber(log L̂ − log L) over the fit points for θ = (log L0, log A, α, log C), with its gradient; the areas
/// S1, S2 sum the LR over every step.
struct AnnealingObjective: Sendable {
    let s1: [Double], logS1: [Double], s2: [Double], logLoss: [Double], weights: [Double]
    let huber: Huber
    let firstLoss: Double, firstS1: Double, minLoss: Double, maxS2: Double

    /// The objective over `points` of `curves` (by default every row).
    init(curves: [LossCurve], points: [FitPoints]? = nil, lambda: Double, delta: Double) {
        var s1: [Double] = [], s2: [Double] = [], loss: [Double] = [], weights: [Double] = []
        for (curve, points) in zip(curves, points ?? curves.map { FitPoints(curve: $0, fromStep: 0, limit: 0) }) {
            let areas = AnnealingLaw.areas(
                lrs: curve.denseLearningRates, warmupSteps: curve.effectiveWarmupSteps, lambda: lambda)
            for (j, i) in points.indices.enumerated() where areas.s1[curve.steps[i]] > 0 {
                s1.append(areas.s1[curve.steps[i]])
                s2.append(areas.s2[curve.steps[i]])
                loss.append(points.loss(of: curve, at: j))
                weights.append(points.weights[j])
            }
        }
        self.s1 = s1
        self.s2 = s2
        self.weights = weights
        logS1 = s1.map(log)
        logLoss = loss.map(log)
        huber = Huber(delta: delta)
        let first = s1.indices.min { s1[$0] < s1[$1] } ?? 0
        firstLoss = loss.isEmpty ? 1 : loss[first]
        firstS1 = s1.isEmpty ? 1 : s1[first]
        minLoss = loss.min() ?? 1
        maxS2 = s2.max() ?? 0
    }

    /// Starts: L0 a fraction of the lowest loss, α from a small grid, A through the earliest row, C sized so
    /// the annealing term is a few percent of the loss.
    func starts() -> [[Double]] {
        var starts: [[Double]] = []
        let cScale = maxS2 > 0 ? minLoss / maxS2 : 1
        for l0 in [0.5, 0.75, 0.9] {
            for alpha in [0.3, 0.6, 1.0] {
                let excess = max(firstLoss - l0 * minLoss, 0.05 * minLoss)
                for c in [0.01, 0.1] {
                    starts.append([log(l0 * minLoss), log(excess) + alpha * log(firstS1), alpha, log(c * cScale)])
                }
            }
        }
        return starts
    }

    func callAsFunction(_ x: [Double], _ gradient: inout [Double]) -> Double {
        let l0 = exp(x[0]), a = exp(x[1]), alpha = x[2], c = exp(x[3])
        var total = 0.0, g0 = 0.0, g1 = 0.0, g2 = 0.0, g3 = 0.0
        for i in s1.indices {
            let power = a * exp(-alpha * logS1[i])
            let predicted = l0 + power - c * s2[i]
            guard predicted > 0 else { return .infinity }
            let r = log(predicted) - logLoss[i]
            total += weights[i] * huber.value(r)
            let scale = weights[i] * huber.derivative(r) / predicted
            g0 += scale * l0
            g1 += scale * power
            g2 -= scale * power * logS1[i]
            g3 -= scale * c * s2[i]
        }
        gradient[0] = g0
        gradient[1] = g1
        gradient[2] = g2
        gradient[3] = g3
        return total
    }
}

extension AnnealingObjective {
    /// A warning for each parameter the fit left on a bound of its parameterisation: L0 or C at 0 (the term is
    /// below 0.1% of the lowest loss over the fitted rows).
    func boundWarnings(_ law: AnnealingLaw) -> [String] {
        var warnings: [String] = []
        if law.L0 < 1e-3 * minLoss { warnings.append(BoundWarning.message("L0", bound: 0)) }
        if law.C * maxS2 < 1e-3 * minLoss { warnings.append(BoundWarning.message("C", bound: 0)) }
        return warnings
    }
}
