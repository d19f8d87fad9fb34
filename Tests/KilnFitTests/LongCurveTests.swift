import Foundation
import Testing
@testable import KilnFit

/// Long per-step curves: the multi-power law's loss-drop quadrature against the exact sum, and the bounded fit points.
@Suite struct LongCurveTests {
    static let peak = 3e-4, warmup = 200

    /// Schedules of `steps` steps with `warmup` steps of linear warmup: cosine to 10%, WSD with a linear cooldown to 0
    /// over the last 20%, the 8-1-1 multi-step, and a cosine re-warmed half way (rising LRs: negative drops).
    static func schedule(_ name: String, steps: Int = 20_000) -> [Double] {
        let cosine = { (n: Int, begin: Int, end: Int, floor: Double) -> Double in
            peak * (floor + (1 - floor) * 0.5 * (1 + cos(.pi * Double(n - begin) / Double(end - 1 - begin))))
        }
        return (0..<steps).map { n in
            if n < warmup { return peak * Double(n + 1) / Double(warmup) }
            switch name {
            case "cosine": return cosine(n, warmup, steps, 0.1)
            case "wsd":
                let decay = steps - steps / 5
                return n < decay ? peak : peak * (1 - Double(n - decay + 1) / Double(steps - decay))
            case "multistep": return peak * (n < steps * 8 / 10 ? 1 : n < steps * 9 / 10 ? 1 / 10.0.squareRoot() : 0.1)
            default:  // rewarm
                let half = steps / 2
                if n < half { return cosine(n, warmup, half, 0.1) }
                if n < half + 500 { return peak * (0.1 + 0.9 * Double(n - half + 1) / 500) }
                return cosine(n, half + 500, steps, 0.1)
            }
        }
    }

    /// The law's loss at `step` by `quadrature`.
    static func loss(_ law: MultiPowerLaw, _ quadrature: DropQuadrature, at step: Int) -> Double {
        var nodes: [DropQuadrature.Node] = [], gradient = [Double](repeating: 0, count: 7)
        let zeroDrop = quadrature.nodes(at: step, into: &nodes)
        return MultiPowerTrace.loss(
            law: law, area: quadrature.area(at: step), nodes: nodes[...], zeroDrop: zeroDrop,
            gradient: &gradient, withGradient: false)
    }

    @Test(
        "Multi-power loss drop: the quadrature is within its stated bound of the exact sum, for any parameters",
        arguments: ["cosine", "wsd", "multistep", "rewarm"])
    func quadratureAgreesWithExact(schedule name: String) {
        let lrs = Self.schedule(name)
        let exact = DropQuadrature(lrs: lrs, warmupSteps: Self.warmup, areaTolerance: 0, rateTolerance: 0)
        let merged = DropQuadrature(lrs: lrs, warmupSteps: Self.warmup)
        #expect(abs(merged.relativeErrorBound - 0.00625) < 1e-15)
        let laws = [
            SyntheticCurves.multiPowerLaw,
            MultiPowerLaw(L0: 2.6, A: 0.5, alpha: 0.5, B: 500, C: 1e-3, beta: 0.05, gamma: 0.95),
            MultiPowerLaw(L0: 2.6, A: 0.5, alpha: 0.5, B: 500, C: 1e3, beta: 0.95, gamma: 0.05),
        ]
        var totalChange = [Double](repeating: 0, count: lrs.count)  // Σ_{W≤k≤t} |η_{k−1} − η_k|
        for n in Self.warmup..<lrs.count { totalChange[n] = totalChange[n - 1] + abs(lrs[n - 1] - lrs[n]) }
        var worst = 0.0
        for law in laws {
            for step in Array(stride(from: 0, to: lrs.count, by: 41)) + [lrs.count - 1] {
                let a = Self.loss(law, merged, at: step), b = Self.loss(law, exact, at: step)
                #expect(abs(a - b) <= merged.relativeErrorBound * law.B * totalChange[step] + 1e-12, "step \(step)")
                worst = max(worst, abs(a - b) / b)
            }
        }
        #expect(worst < 1e-4, "worst relative difference \(worst)")
    }

    @Test("A loss drop at the end of a 100,000-step per-step cosine costs a few hundred nodes, not one per LR change")
    func nodesAreBounded() {
        let lrs = Self.schedule("cosine", steps: 100_000)
        let quadrature = DropQuadrature(lrs: lrs, warmupSteps: Self.warmup)
        var nodes: [DropQuadrature.Node] = []
        _ = quadrature.nodes(at: lrs.count - 1, into: &nodes)
        #expect(quadrature.steps.count > 99_000)
        #expect(nodes.count < 300, "\(nodes.count) nodes")
    }

    @Test(
        "Fit points of a long curve: bounded, covering the window, its end and the rows around LR jumps; weights sum to the rows"
    )
    func fitPoints() throws {
        let lrs = Self.schedule("multistep", steps: 100_000)
        let curve = try LossCurve(run: "r", lrs: lrs, warmupSteps: Self.warmup, every: 1) { _ in 3 }
        let points = FitPoints(curve: curve, fromStep: 10_000, limit: 256)
        #expect(points.windowRows == 90_000)
        #expect(points.indices.count <= 256 + 2 * 24 && points.indices.count >= 200)
        #expect(points.indices.first == 10_000 && points.indices.last == 99_999)
        for jump in [80_000, 90_000] {
            #expect(
                points.indices.contains(jump - 1) && points.indices.contains(jump) && points.indices.contains(jump + 1))
        }
        #expect(abs(points.weights.reduce(0, +) - 90_000) < 1e-6)
        #expect(points.weights.allSatisfy { $0 > 0 })
        let short = FitPoints(curve: curve, fromStep: 99_900, limit: 256)
        #expect(short.indices == Array(99_900..<100_000) && short.weights.allSatisfy { $0 == 1 })
    }

    @Test("The default fit window starts after warmup and the first 10% of the run; --from-step overrides it")
    func fitWindow() throws {
        let curve = try LossCurve(
            run: "r", lrs: Self.schedule("cosine", steps: 1000), warmupSteps: Self.warmup, every: 1
        ) { _ in 3 }
        #expect(FitWindow().start(of: curve) == 200)  // warmup is longer than 10%
        let long = try LossCurve(
            run: "r", lrs: Self.schedule("cosine", steps: 5000), warmupSteps: Self.warmup, every: 1
        ) { _ in 3 }
        #expect(FitWindow().start(of: long) == 500)
        #expect(FitWindow(fromStep: 0).start(of: long) == 0)
        var options = ScheduleFitOptions()
        options.window.fromStep = 4998
        do {
            _ = try AnnealingLaw.fit(curves: [long], options: options)
            Issue.record("a window of 2 rows was fitted")
        } catch {
            #expect("\(error)".contains("r from step 4998; --from-step sets it"))
        }
    }

    /// Three per-step raw logs (transient from ln 50257, AR(1) 1% noise) drawn from `law`.
    static func rawLogs(_ law: some LossCurveLaw, steps: Int, seed: UInt64) throws -> [LossCurve] {
        try ["cosine", "wsd", "multistep"].enumerated().map { i, name in
            try LossCurve.sample(
                run: name, law: law, lrs: schedule(name, steps: steps), warmupSteps: warmup,
                initialLoss: log(50_257), transientSteps: Double(steps) / 200, noise: 0.01, correlation: 0.9,
                seed: seed + UInt64(i))
        }
    }

    @Test("Raw per-step logs: the default window skips the transient; L0 within 3.5%, final losses within 0.1%")
    func rawLogRecovery() throws {
        let truth = AnnealingLaw(L0: 2.6, A: 1.0, alpha: 0.4, C: 0.8, lambda: 0.999)
        let curves = try Self.rawLogs(truth, steps: 20_000, seed: 7)
        var options = ScheduleFitOptions()
        options.lambda = 0.999
        let law = try AnnealingLaw.fit(curves: curves, options: options).law
        // Fitted from step 0 (the transient included) L0 comes out 5% high on these curves.
        #expect(abs(law.L0 - truth.L0) / truth.L0 < 0.035, "L0 \(law.L0)")
        #expect(abs(law.C - truth.C) / truth.C < 0.1, "C \(law.C)")
        #expect(abs(law.alpha - truth.alpha) / truth.alpha < 0.15, "alpha \(law.alpha)")
        for curve in curves {
            let lrs = curve.denseLearningRates, last = [lrs.count - 1]
            let fitted = law.predict(lrs: lrs, warmupSteps: Self.warmup, at: last)[0]
            let exact = truth.predict(lrs: lrs, warmupSteps: Self.warmup, at: last)[0]
            #expect(abs(fitted - exact) / exact < 0.001, "\(curve.run): \(fitted) vs \(exact)")
        }
    }

    @Test(
        "Fitting bounded fit points gives the parameters of the fit on every row, within the bootstrap interval",
        arguments: ["annealing", "multipower"])
    func fitPointsAgreeWithEveryRow(law name: String) throws {
        var sparse = ScheduleFitOptions(), every = ScheduleFitOptions()
        (sparse.lambda, every.lambda) = (0.999, 0.999)
        (sparse.bootstrap, sparse.seed) = (20, 3)
        every.maxFitPoints = 0
        // Parameters on a bound (named in the warnings, with a collapsed interval) must be at it in both fits; the
        // others within the interval, widened by 10% of its width for the refits' own convergence.
        let compare = { (a: any FitReport, b: any FitReport) in
            #expect(a.warnings == b.warnings)
            for (s, e) in zip(a.estimates, b.estimates) where s.name != "lambda" {
                let interval = try #require(s.interval)
                guard interval.upper > interval.lower else {
                    #expect(abs(s.value - e.value) < 1e-3 && !a.warnings.isEmpty, "\(s.name): \(e.value) vs \(s.value)")
                    continue
                }
                let slack = 0.1 * (interval.upper - interval.lower)
                #expect(
                    interval.lower - slack <= e.value && e.value <= interval.upper + slack,
                    "\(s.name): every row \(e.value), fit points \(s.value) [\(interval.lower), \(interval.upper)]")
            }
        }
        if name == "annealing" {
            let curves = try Self.rawLogs(AnnealingLaw(L0: 2.6, A: 1.0, alpha: 0.4, C: 0.8), steps: 20_000, seed: 11)
            sparse.maxFitPoints = 128
            try compare(
                AnnealingLaw.fit(curves: curves, options: sparse), AnnealingLaw.fit(curves: curves, options: every))
        } else {
            let curves = try Self.rawLogs(SyntheticCurves.multiPowerLaw, steps: 3000, seed: 11)
            sparse.maxFitPoints = 64
            try compare(
                MultiPowerLaw.fit(curves: curves, options: sparse), MultiPowerLaw.fit(curves: curves, options: every))
        }
    }
}
