import Foundation

/// Hoffmann et al.'s Approach 3 objective over x = (a, b, e, α, β):
/// Σᵢ wᵢ·Huber_δ(LSE(a − α·log Nᵢ, b − β·log Dᵢ, e) − log Lᵢ), with its analytic gradient.
/// Weights wᵢ are 1, or bootstrap multiplicities.
struct ChinchillaObjective: Sendable {
    let logParams: [Double]
    let logTokens: [Double]
    let logLoss: [Double]
    let weights: [Double]
    let huber: Huber

    init(data: ScalingData, weights: [Double]? = nil, delta: Double) {
        logParams = data.points.map { log($0.params) }
        logTokens = data.points.map { log($0.tokens) }
        logLoss = data.points.map { log($0.loss) }
        self.weights = weights ?? Array(repeating: 1, count: data.count)
        huber = Huber(delta: delta)
    }

    /// The same points with other weights.
    func reweighted(_ weights: [Double]) -> ChinchillaObjective {
        ChinchillaObjective(
            logParams: logParams, logTokens: logTokens, logLoss: logLoss, weights: weights, huber: huber)
    }

    private init(logParams: [Double], logTokens: [Double], logLoss: [Double], weights: [Double], huber: Huber) {
        self.logParams = logParams
        self.logTokens = logTokens
        self.logLoss = logLoss
        self.weights = weights
        self.huber = huber
    }

    /// The objective at `x`; writes its gradient.
    func callAsFunction(_ x: [Double], _ gradient: inout [Double]) -> Double {
        let (a, b, e, alpha, beta) = (x[0], x[1], x[2], x[3], x[4])
        let delta = huber.delta
        var total = 0.0
        var ga = 0.0, gb = 0.0, ge = 0.0, gAlpha = 0.0, gBeta = 0.0
        logParams.withUnsafeBufferPointer { ln in
            logTokens.withUnsafeBufferPointer { ld in
                logLoss.withUnsafeBufferPointer { ll in
                    weights.withUnsafeBufferPointer { w in
                        for i in 0..<ln.count where w[i] != 0 {
                            let u1 = a - alpha * ln[i], u2 = b - beta * ld[i]
                            // Shift by the largest exponent (its term is exactly 1): two exps per point.
                            let s1: Double, s2: Double, s3: Double, m: Double
                            if u1 >= u2 && u1 >= e {
                                (m, s1, s2, s3) = (u1, 1, exp(u2 - u1), exp(e - u1))
                            } else if u2 >= e {
                                (m, s1, s2, s3) = (u2, exp(u1 - u2), 1, exp(e - u2))
                            } else {
                                (m, s1, s2, s3) = (e, exp(u1 - e), exp(u2 - e), 1)
                            }
                            let sum = s1 + s2 + s3
                            let r = m + log(sum) - ll[i]
                            let magnitude = abs(r)
                            total += w[i] * (magnitude <= delta ? 0.5 * r * r : delta * (magnitude - 0.5 * delta))
                            let scale = w[i] * min(max(r, -delta), delta) / sum
                            ga += scale * s1
                            gAlpha -= scale * s1 * ln[i]
                            gb += scale * s2
                            gBeta -= scale * s2 * ld[i]
                            ge += scale * s3
                        }
                    }
                }
            }
        }
        gradient[0] = ga
        gradient[1] = gb
        gradient[2] = ge
        gradient[3] = gAlpha
        gradient[4] = gBeta
        return total
    }
}
