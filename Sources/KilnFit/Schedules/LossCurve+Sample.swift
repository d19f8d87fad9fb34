import Foundation
import KilnProtocol

extension LossCurve {
    /// A per-step training log drawn from `law` on the schedule `lrs` (raw units), standing for a real one: every
    /// step logged, an initial transient the law does not describe (the loss starts at `initialLoss`, e.g. ln of
    /// the vocabulary size, and joins the law's curve as exp(−n/`transientSteps`)), and multiplicative noise whose
    /// log is an AR(1) process with standard deviation `noise` and lag-one correlation `correlation`, as
    /// consecutive batches' losses are. Reproducible from `seed`.
    package static func sample(
        run: String, law: some LossCurveLaw, lrs: [Double], warmupSteps: Int, initialLoss: Double,
        transientSteps: Double,
        noise: Double, correlation: Double, seed: UInt64
    ) throws -> LossCurve {
        let exact = law.predict(lrs: lrs, warmupSteps: warmupSteps)
        var generator = SplitMix64(seed: seed)
        let innovation = noise * (1 - correlation * correlation).squareRoot()
        var logNoise = noise * gaussian(using: &generator)
        let losses = exact.indices.map { n -> Double in
            if n > 0 { logNoise = correlation * logNoise + innovation * gaussian(using: &generator) }
            let transient = transientSteps > 0 ? exp(-Double(n) / transientSteps) : 0
            return (exact[n] + (initialLoss - exact[n]) * transient) * exp(logNoise)
        }
        return try LossCurve(run: run, steps: Array(lrs.indices), lrs: lrs, losses: losses, warmupSteps: warmupSteps)
    }

    /// `curves` as CSV text with a `run,step,lr,loss` header, the input of `kiln fit schedule --csv`.
    package static func csv(_ curves: [LossCurve]) -> String {
        var text = "run,step,lr,loss\n"
        for curve in curves {
            let run =
                curve.run.unicodeScalars.contains(where: { ",\"\r\n".unicodeScalars.contains($0) })
                ? "\"" + curve.run.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : curve.run
            for i in curve.steps.indices { text += "\(run),\(curve.steps[i]),\(curve.lrs[i]),\(curve.losses[i])\n" }
        }
        return text
    }
}
