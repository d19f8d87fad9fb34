import KilnProtocol

@testable import KilnTraining

/// Finite-difference checking for the hand-written backward passes.
enum GradientCheck {
    /// Largest violation of |analytic − numeric| ≤ atol + rtol·|numeric| over every element of `x`,
    /// as a ratio (≤ 1 passes). Central differences with step `eps` of `objective` (a Double).
    static func worstRatio(
        _ x: inout [Float], analytic: [Float], eps: Float = 1e-2, atol: Double = 2e-4, rtol: Double = 2e-2,
        objective: ([Float]) -> Double
    ) -> Double {
        precondition(x.count == analytic.count)
        var worst = 0.0
        for i in x.indices {
            let saved = x[i]
            x[i] = saved + eps
            let plus = objective(x)
            x[i] = saved - eps
            let minus = objective(x)
            x[i] = saved
            let numeric = (plus - minus) / Double(2 * eps)
            let ratio = abs(Double(analytic[i]) - numeric) / (atol + rtol * abs(numeric))
            worst = max(worst, ratio)
        }
        return worst
    }

    /// Deterministic values uniform in [−scale, scale].
    static func randoms(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in Float(random.nextUniform() * 2 - 1) * scale }
    }

    /// Σ weights·values in Double: a scalar objective whose gradient w.r.t. `values` is `weights`.
    static func dot(_ values: [Float], _ weights: [Float]) -> Double {
        zip(values, weights).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }
}
