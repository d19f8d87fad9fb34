import Foundation
import KilnProtocol

extension ScalingData {
    /// `count` points drawn from `law` with multiplicative log-normal noise of standard deviation `noise`:
    /// N log-uniform in [3e7, 1e10], tokens per parameter log-uniform in [2, 200]; reproducible from `seed`.
    package static func sample(from law: ChinchillaLaw, count: Int, noise: Double, seed: UInt64) -> ScalingData {
        var generator = SplitMix64(seed: seed)
        let points = (0..<count).map { _ -> ScalingPoint in
            let params = pow(10, Double.random(in: log10(3e7)...10, using: &generator))
            let tokens = params * pow(10, Double.random(in: log10(2)...log10(200), using: &generator))
            let loss = law.loss(params: params, tokens: tokens) * exp(noise * gaussian(using: &generator))
            return ScalingPoint(params: params, tokens: tokens, loss: loss)
        }
        return ScalingData(validated: points, source: "sample")
    }

    /// The points as CSV text with a `params,tokens,loss` header (and `flops` when every point has it).
    package func csv() -> String {
        let withFlops = points.allSatisfy { $0.flops != nil }
        var text = withFlops ? "params,tokens,loss,flops\n" : "params,tokens,loss\n"
        for p in points {
            text += "\(p.params),\(p.tokens),\(p.loss)" + (withFlops ? ",\(p.flops!)" : "") + "\n"
        }
        return text
    }
}

/// A standard normal draw (Box–Muller).
func gaussian(using generator: inout SplitMix64) -> Double {
    let u1 = Double.random(in: Double.leastNonzeroMagnitude..<1, using: &generator)
    let u2 = Double.random(in: 0..<1, using: &generator)
    return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
}
