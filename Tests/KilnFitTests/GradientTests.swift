import Foundation
import Testing
@testable import KilnFit

/// Checks an analytic gradient against central finite differences at `x`.
func expectGradientMatches(
    _ objective: DifferentiableObjective, at x: [Double], tolerance: Double = 1e-5,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    var analytic = [Double](repeating: 0, count: x.count), scratch = analytic
    _ = objective(x, &analytic)
    for i in x.indices {
        let h = 1e-6 * max(1, abs(x[i]))
        var up = x, down = x
        up[i] += h
        down[i] -= h
        let numeric = (objective(up, &scratch) - objective(down, &scratch)) / (2 * h)
        let scale = max(maxNorm(analytic), 1e-300)
        #expect(
            abs(numeric - analytic[i]) <= tolerance * scale,
            "∂f/∂x\(i): analytic \(analytic[i]), finite differences \(numeric)", sourceLocation: sourceLocation)
    }
}

@Suite struct GradientTests {
    @Test("Approach 3 objective: analytic gradient matches finite differences (quadratic and linear Huber parts)")
    func chinchilla() {
        let data = ScalingData.sample(from: .hoffmann, count: 40, noise: 0.01, seed: 3)
        for delta in [1e-3, 1.0] {  // δ = 1 keeps every residual in the quadratic part
            let objective = ChinchillaObjective(data: data, delta: delta)
            expectGradientMatches(objective.callAsFunction, at: [6.0, 6.2, 0.5, 0.34, 0.28])
            expectGradientMatches(objective.callAsFunction, at: [3.0, 9.0, -0.2, 0.2, 0.5])
        }
    }

    @Test("Annealing-law objective: analytic gradient matches finite differences")
    func annealing() throws {
        let curve = try SyntheticCurves.annealing(cosine: true)
        let objective = AnnealingObjective(curves: [curve], lambda: 0.999, delta: 1.0)
        expectGradientMatches(objective.callAsFunction, at: [log(2.5), log(0.6), 0.45, log(0.9)])
    }

    @Test("Multi-power objective: analytic gradient matches finite differences")
    func multiPower() throws {
        let curve = try SyntheticCurves.multiPower(schedule: SyntheticCurves.cosine)
        let objective = MultiPowerObjective(curves: [curve], delta: 1.0)
        expectGradientMatches(objective.callAsFunction, at: [log(2.4), log(0.5), 0.55, -2.5, log(1.5), 0.3, -0.2])
    }

    @Test(
        "Multi-power objective on weighted fit points and the quadrature: analytic gradient matches finite differences")
    func multiPowerLongCurve() throws {
        let lrs = LongCurveTests.schedule("wsd")
        let losses = SyntheticCurves.multiPowerLaw.predict(lrs: lrs, warmupSteps: LongCurveTests.warmup)
        let curve = try LossCurve(run: "r", lrs: lrs, warmupSteps: LongCurveTests.warmup, every: 1) {
            losses[$0] * (1 + 0.01 * sin(Double($0)))
        }
        var options = ScheduleFitOptions()
        options.maxFitPoints = 64
        let quadrature = DropQuadrature(lrs: lrs, warmupSteps: LongCurveTests.warmup)
        let objective = MultiPowerObjective(
            curves: [curve], points: options.fitPoints([curve]), quadratures: [quadrature], delta: 1.0)
        expectGradientMatches(objective.callAsFunction, at: [log(2.4), log(0.5), 0.55, -2.5, log(1.5), 0.3, -0.2])
    }
}
