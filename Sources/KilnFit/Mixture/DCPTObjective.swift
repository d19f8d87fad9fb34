import Foundation

/// The D-CPT objective over x = (e, a, b, c, α, β, γ, η), as Chinchilla's Approach 3 in log-sum-exp form:
/// Σᵢ wᵢ·Huber_δ(LSE(e, a − α·log Nᵢ, b + η·log rᵢ − β·log Dᵢ, c − γ·log(rᵢ + ε)) − log Lᵢ), with its analytic
/// gradient. A point with rᵢ = 0 has no data term. Weights wᵢ are 1, or bootstrap multiplicities.
struct DCPTObjective: Sendable {
    let logParams: [Double]
    let logTokens: [Double]
    /// log rᵢ, or nil at rᵢ = 0.
    let logRatio: [Double?]
    let logShiftedRatio: [Double]
    let logLoss: [Double]
    let weights: [Double]
    let huber: Huber

    /// The objective for `losses` at `ratios` (each the share of the loss's own corpus).
    init(params: [Double], tokens: [Double], ratios: [Double], losses: [Double], epsilon: Double, delta: Double) {
        logParams = params.map { log($0) }
        logTokens = tokens.map { log($0) }
        logRatio = ratios.map { $0 > 0 ? log($0) : nil }
        logShiftedRatio = ratios.map { log($0 + epsilon) }
        logLoss = losses.map { log($0) }
        weights = Array(repeating: 1, count: losses.count)
        huber = Huber(delta: delta)
    }

    private init(copying other: DCPTObjective, weights: [Double]) {
        (logParams, logTokens, logRatio) = (other.logParams, other.logTokens, other.logRatio)
        (logShiftedRatio, logLoss, huber) = (other.logShiftedRatio, other.logLoss, other.huber)
        self.weights = weights
    }

    /// The same points with other weights.
    func reweighted(_ weights: [Double]) -> DCPTObjective { DCPTObjective(copying: self, weights: weights) }

    /// The objective at `x`; writes its gradient.
    func callAsFunction(_ x: [Double], _ gradient: inout [Double]) -> Double {
        let (e, a, b, c, alpha, beta, gamma, eta) = (x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7])
        var total = 0.0
        var g = [Double](repeating: 0, count: 8)
        for i in logLoss.indices where weights[i] != 0 {
            let u1 = a - alpha * logParams[i], u3 = c - gamma * logShiftedRatio[i]
            let u2 = logRatio[i].map { b + eta * $0 - beta * logTokens[i] } ?? -Double.infinity
            let m = max(e, u1, u2, u3)
            let s0 = exp(e - m), s1 = exp(u1 - m), s2 = exp(u2 - m), s3 = exp(u3 - m)
            let sum = s0 + s1 + s2 + s3
            let r = m + log(sum) - logLoss[i]
            total += weights[i] * huber.value(r)
            let scale = weights[i] * huber.derivative(r) / sum
            g[0] += scale * s0
            g[1] += scale * s1
            g[4] -= scale * s1 * logParams[i]
            if let logR = logRatio[i] {
                g[2] += scale * s2
                g[5] -= scale * s2 * logTokens[i]
                g[7] += scale * s2 * logR
            }
            g[3] += scale * s3
            g[6] -= scale * s3 * logShiftedRatio[i]
        }
        for k in 0..<8 { gradient[k] = g[k] }
        return total
    }
}
