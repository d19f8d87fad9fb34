import Foundation
import KilnProtocol
import Testing
@testable import KilnFit

@Suite struct LossCurveLawTests {
    @Test("Sparse rows: the LR between rows is interpolated linearly, and warmup before the first row is linear")
    func denseRates() throws {
        let curve = try LossCurve(run: "r", steps: [9, 19], lrs: [1e-3, 0.5e-3], losses: [3, 2.9], warmupSteps: 5)
        let dense = curve.denseLearningRates
        #expect(dense.count == 20)
        #expect(abs(dense[0] - 0.2e-3) < 1e-15 && abs(dense[4] - 1e-3) < 1e-15 && dense[7] == 1e-3)
        #expect(abs(dense[14] - 0.75e-3) < 1e-15)
    }

    @Test("Annealing areas: warmup counts at the peak, a drop accumulates S2 with momentum λ")
    func areas() {
        let (s1, s2) = AnnealingLaw.areas(lrs: [0.5, 1, 1, 0.5, 0.5], warmupSteps: 2, lambda: 0.5)
        #expect(s1 == [1, 2, 3, 3.5, 4])
        #expect(s2 == [0, 0, 0, 0.5, 0.75])  // m = 0.5 at the drop, then 0.25
    }

    @Test(
        "The annealing law fitted on a cosine curve predicts a WSD curve from the same law within 0.5%",
        arguments: [0.999, nil] as [Double?])
    func annealingCosineToWSD(lambda: Double?) throws {
        var options = ScheduleFitOptions()
        options.lambda = lambda
        let fit = try AnnealingLaw.fit(curves: [SyntheticCurves.annealing(cosine: true)], options: options)
            .predicting([SyntheticCurves.annealing(cosine: false)])
        #expect(fit.law.lambda == 0.999)
        let prediction = try #require(fit.predictions.first)
        #expect(prediction.maxRelativeError < 0.005)
        #expect(abs(fit.law.alpha - 0.5) < 0.05)
    }

    @Test("The annealing law fitted on noisy cosine and WSD curves recovers its parameters")
    func annealingNoisy() throws {
        var options = ScheduleFitOptions()
        options.lambda = 0.999
        let curves = [
            try SyntheticCurves.annealing(cosine: true, noise: 0.002, seed: 1),
            try SyntheticCurves.annealing(cosine: false, noise: 0.002, seed: 2),
        ]
        options.bootstrap = 30
        options.seed = 4
        let fit = try AnnealingLaw.fit(curves: curves, options: options), law = fit.law
        #expect(abs(law.L0 - 2.6) < 0.15 && abs(law.alpha - 0.5) < 0.1 && abs(law.C - 1.2) / 1.2 < 0.15)
        let interval = try #require(fit.intervals["alpha"])
        #expect(interval.contains(law.alpha) && interval.upper > interval.lower)
        #expect(fit.bootstrapCount == 30)
        #expect(try AnnealingLaw.fit(curves: curves, options: options).intervals["alpha"] == interval)
    }

    @Test("The multi-power law fitted on a cosine curve predicts a WSD curve from the same law within 0.5%")
    func multiPowerCosineToWSD() throws {
        let fit = try MultiPowerLaw.fit(curves: [
            SyntheticCurves.multiPower(schedule: SyntheticCurves.cosine, name: "cosine")
        ])
        .predicting([SyntheticCurves.multiPower(schedule: SyntheticCurves.wsd, name: "wsd")])
        let prediction = try #require(fit.predictions.first)
        #expect(prediction.maxRelativeError < 0.005)
        #expect(fit.law.beta > 0 && fit.law.beta < 1 && fit.law.gamma > 0 && fit.law.gamma < 1)
        let json = fit.json
        for key in ["L0", "A", "alpha", "B", "C", "beta", "gamma"] {
            #expect(json["parameters"]?[key] != nil, "\(key)")
        }
        guard case let .array(predictions)? = json["predictions"] else { Issue.record("no predictions"); return }
        for key in ["mean_rel_error", "max_rel_error", "final_rel_error"] { #expect(predictions[0][key] != nil) }
    }

    @Test("The multi-power law fitted on noisy cosine and WSD curves predicts a third schedule")
    func multiPowerNoisy() throws {
        let curves = [
            try SyntheticCurves.multiPower(schedule: SyntheticCurves.cosine, name: "cosine", noise: 0.002, seed: 1),
            try SyntheticCurves.multiPower(schedule: SyntheticCurves.wsd, name: "wsd", noise: 0.002, seed: 2),
        ]
        let stepped = SyntheticCurves.cosine.indices.map { n in  // 8-1-1 multi-step
            n < SyntheticCurves.warmup
                ? SyntheticCurves.cosine[n]
                : SyntheticCurves.peak * (n < 800 ? 1 : n < 900 ? 1 / 10.0.squareRoot() : 0.1)
        }
        let target = try SyntheticCurves.multiPower(schedule: stepped, name: "multistep")
        let prediction = try MultiPowerLaw.fit(curves: curves).predicting([target]).predictions[0]
        #expect(prediction.meanRelativeError < 0.005)
        #expect(prediction.finalRelativeError < 0.01)
    }

    @Test("A rising start is taken as warmup when --warmup-steps is not given")
    func detectedWarmup() throws {
        let curve = try LossCurve(run: "r", lrs: SyntheticCurves.cosine, warmupSteps: 0, every: 10) { _ in 3 }
        #expect(curve.effectiveWarmupSteps == SyntheticCurves.warmup)
        let given = try LossCurve(run: "r", lrs: SyntheticCurves.cosine, warmupSteps: 20, every: 10) { _ in 3 }
        #expect(given.effectiveWarmupSteps == 20)
    }

    @Test(
        "Re-warming makes the annealing area fall, so the annealing law predicts the loss rise of continual pretraining"
    )
    func rewarm() {
        // Cosine to 10% of the peak, then a re-warm to the peak over 50 steps and a second cosine.
        let first = SyntheticCurves.cosine
        let peak = SyntheticCurves.peak
        let second: [Double] = (0..<1000).map { n -> Double in
            let ramp: Double = peak * (0.1 + 0.9 * Double(n + 1) / 50)
            return n < 50 ? ramp : first[n]
        }
        let rewarmed = first + second
        // A law whose annealing term is strong relative to its forward-area term, as late in a long pretraining.
        let law = AnnealingLaw(L0: 2.6, A: 0.5, alpha: 0.5, C: 20, lambda: 0.999)
        let (_, s2) = AnnealingLaw.areas(lrs: rewarmed, warmupSteps: SyntheticCurves.warmup, lambda: law.lambda)
        #expect(s2[1100] < s2[999])
        let loss = law.predict(lrs: rewarmed, warmupSteps: SyntheticCurves.warmup)
        #expect(loss[1200] > loss[999])
    }

    @Test("Bad curves are rejected with the run named")
    func badCurves() {
        #expect(throws: FitError(.stepsNotIncreasing(run: "r", step: 5))) {
            try LossCurve(run: "r", steps: [5, 5], lrs: [1, 1], losses: [1, 1])
        }
        #expect(throws: FitError.self) { try LossCurve(run: "r", steps: [1], lrs: [1], losses: [-.nan]) }
    }
}
