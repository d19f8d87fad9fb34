import Foundation
import KilnProtocol
import Testing
@testable import KilnFit

/// The early-stopping rule on synthetic sweeps drawn from a known annealing law with noise: where its truth is
/// known, the law-based rule never stops the truly best run (a WSD run that decays last) and stops the clearly
/// worse ones; step-matched successive halving stops that WSD winner.
@Suite struct EarlyStopRuleTests {
    static let steps = 1000, warmup = 50, every = 10
    /// λ = 0.99 and these values make WSD at the top peak the best run at the end, 2.4% below cosine at the same
    /// peak, while cosine leads it from mid-run until WSD's cooldown (the step-matched trap).
    static let law = AnnealingLaw(L0: 2.0, A: 0.6, alpha: 0.5, C: 1.0, lambda: 0.99)

    /// `kind` (cosine to 10%, WSD with a linear cooldown over the last 20%, constant) at `peak`, after warmup.
    static func schedule(_ kind: String, peak: Double) -> [Double] {
        (0..<steps).map { n in
            if n < warmup { return peak * Double(n + 1) / Double(warmup) }
            switch kind {
            case "cosine":
                return peak * (0.1 + 0.45 * (1 + cos(.pi * Double(n - warmup) / Double(steps - warmup))))
            case "wsd":
                let decay = steps - steps / 5
                return n < decay ? peak : peak * (1 - Double(n - decay) / Double(steps - decay))
            default: return peak
            }
        }
    }

    /// Five runs (cosine and WSD at 1e-3 and 2e-3, constant at 5e-4), every step noisy (multiplicative, AR(1)
    /// with correlation 0.5), logged every 10 steps; the true final of each (the law without noise).
    static func sweep(seed: UInt64, noise: Double = 0.005) throws -> (curves: [EarlyStopCurve], truth: [String: Double])
    {
        var curves: [EarlyStopCurve] = [], truth: [String: Double] = [:]
        let runs = [("cosine", 1e-3), ("wsd", 1e-3), ("cosine", 2e-3), ("wsd", 2e-3), ("constant", 5e-4)]
        for (index, (kind, peak)) in runs.enumerated() {
            let name = "\(kind)-\(peak)"
            let rates = schedule(kind, peak: peak)
            let sampled = try LossCurve.sample(
                run: name, law: law, lrs: rates, warmupSteps: warmup, initialLoss: 0, transientSteps: 0,
                noise: noise, correlation: 0.5, seed: seed &* 31 &+ UInt64(index))
            let logged = Array(stride(from: every - 1, to: steps, by: every))
            curves.append(
                EarlyStopCurve(
                    run: name, plannedRates: rates, steps: logged, values: logged.map { sampled.losses[$0] },
                    finished: true))
            truth[name] = law.predict(lrs: rates, warmupSteps: warmup, at: [steps - 1])[0]
        }
        return (curves, truth)
    }

    static var settings: EarlyStopSettings {
        var settings = EarlyStopSettings()
        (settings.firstCheck, settings.interval) = (0.5, .fraction(0.1))
        return settings
    }

    @Test func theTrueBestIsTheLateDecayingWSDRun() throws {
        let truth = try Self.sweep(seed: 1).truth
        #expect(truth.min { $0.value < $1.value }?.key == "wsd-0.002")
        let cosine = Self.law.predict(lrs: Self.schedule("cosine", peak: 2e-3), warmupSteps: Self.warmup, at: [599])[0]
        let wsd = Self.law.predict(lrs: Self.schedule("wsd", peak: 2e-3), warmupSteps: Self.warmup, at: [599])[0]
        #expect(cosine < wsd)
    }

    @Test func lawBasedRuleNeverStopsTheTrueBestAndStopsClearlyWorseRuns() throws {
        var stoppedWorse = 0
        for seed in UInt64(1)...8 {
            let (curves, truth) = try Self.sweep(seed: seed)
            let best = truth.min { $0.value < $1.value }!.key
            var decisions: [String] = []
            let outcome = EarlyStopReplay(curves: curves, settings: Self.settings).lawBased(seed: seed) {
                decisions.append($0)
            }
            let stopped = Set(outcome.stopped.map(\.run))
            #expect(!stopped.contains(best), "seed \(seed) stopped the true best \(best): \(decisions)")
            #expect(outcome.regret <= 0.005 * truth[best]!, "seed \(seed)")
            // The constant run at the lowest peak ends 22% above the best: clearly worse.
            if stopped.contains("constant-0.0005") { stoppedWorse += 1 }
        }
        #expect(stoppedWorse == 8)
    }

    @Test func stepMatchedSuccessiveHalvingKillsTheLateDecayingWinner() throws {
        var killed = 0
        for seed in UInt64(1)...8 {
            let (curves, truth) = try Self.sweep(seed: seed)
            let best = truth.min { $0.value < $1.value }!.key
            // Rungs at 60%, 70%, …: by 60% every run but cosine and WSD at the top peak is clearly behind, and from
            // then on cosine leads WSD until WSD's cooldown at 80%.
            var settings = Self.settings
            settings.firstCheck = 0.6
            let outcome = EarlyStopReplay(curves: curves, settings: settings).successiveHalving()
            if outcome.stopped.contains(where: { $0.run == best }) {
                killed += 1
                #expect(outcome.regret > 0.01 * truth[best]!, "seed \(seed)")
            }
        }
        #expect(killed == 8)
    }

    @Test func noRunIsStoppedWhileNoRunHasDecayed() throws {
        let (curves, _) = try Self.sweep(seed: 3)
        // Only the WSD and constant runs, at 60%: no learning rate has fallen yet, so C is not identified.
        let partial = curves.filter { !$0.run.hasPrefix("cosine") }.map { $0.truncated(through: 599) }
        let rule = EarlyStopRule(settings: Self.settings)
        let assessment = rule.assess(partial)
        #expect(assessment.unidentified?.contains("never lower their learning rate") == true)
        for curve in partial { #expect(!rule.verdict(for: curve.run, in: assessment).stop) }
    }

    @Test func tooFewRunsStopNothing() throws {
        let (curves, _) = try Self.sweep(seed: 4)
        var settings = Self.settings
        settings.minRuns = 6
        let rule = EarlyStopRule(settings: settings)
        let assessment = rule.assess(curves.map { $0.truncated(through: 599) })
        #expect(assessment.unidentified?.contains("min_runs: 6") == true)
    }

    @Test func checkStepsStartAtTheFirstCheckAndEndBeforeTheLastStep() {
        var settings = EarlyStopSettings()
        #expect(settings.checkSteps(totalSteps: 400) == [120, 160, 200, 240, 280, 320, 360])
        settings.interval = .steps(100)
        #expect(settings.checkSteps(totalSteps: 400) == [120, 220, 320])
    }
}
