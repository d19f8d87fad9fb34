import Foundation
import KilnProtocol
@testable import KilnFit

/// Schedules and loss curves generated from known laws, for the loss-curve tests.
enum SyntheticCurves {
    static let steps = 1000, warmup = 50, peak = 3e-4, every = 10

    /// Linear warmup then cosine to 10% of the peak.
    static let cosine: [Double] = (0..<steps).map { n in
        if n < warmup { return peak * Double(n + 1) / Double(warmup) }
        let progress = Double(n - warmup) / Double(steps - 1 - warmup)
        return peak * (0.1 + 0.9 * 0.5 * (1 + cos(.pi * progress)))
    }

    /// Warmup, constant, then linear decay to zero over the last 20%.
    static let wsd: [Double] = (0..<steps).map { n in
        if n < warmup { return peak * Double(n + 1) / Double(warmup) }
        let decayStart = steps - steps / 5
        if n < decayStart { return peak }
        return peak * (1 - Double(n - decayStart + 1) / Double(steps - decayStart))
    }

    static let annealingLaw = AnnealingLaw(L0: 2.6, A: 0.5, alpha: 0.5, C: 1.2, lambda: 0.999)
    static let multiPowerLaw = MultiPowerLaw(L0: 2.6, A: 0.5, alpha: 0.5, B: 500, C: 2, beta: 0.5, gamma: 0.5)

    /// A curve of the annealing law on the cosine (or WSD) schedule, logged every 10 steps.
    static func annealing(cosine useCosine: Bool, noise: Double = 0, seed: UInt64 = 1) throws -> LossCurve {
        try curve(
            annealingLaw, schedule: useCosine ? cosine : wsd, name: useCosine ? "cosine" : "wsd", noise: noise,
            seed: seed)
    }

    /// A curve of the multi-power law on `schedule`, logged every 10 steps.
    static func multiPower(schedule: [Double], name: String = "run", noise: Double = 0, seed: UInt64 = 1) throws
        -> LossCurve
    {
        try curve(multiPowerLaw, schedule: schedule, name: name, noise: noise, seed: seed)
    }

    static func curve(_ law: some LossCurveLaw, schedule: [Double], name: String, noise: Double, seed: UInt64) throws
        -> LossCurve
    {
        let exact = law.predict(lrs: schedule, warmupSteps: warmup)
        var generator = SplitMix64(seed: seed)
        let noisy = exact.map { $0 * exp(noise * gaussian(using: &generator)) }
        return try LossCurve(run: name, lrs: schedule, warmupSteps: warmup, every: every) { noisy[$0] }
    }
}
