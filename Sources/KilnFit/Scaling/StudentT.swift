import Foundation

/// Student's t distribution, for confidence intervals of regression slopes.
enum StudentT {
    /// The `probability` quantile (0.5 < probability < 1) with `degrees` degrees of freedom.
    static func quantile(_ probability: Double, degrees: Double) -> Double {
        var low = 0.0, high = 1e6
        for _ in 0..<200 {
            let mid = 0.5 * (low + high)
            if cdf(mid, degrees: degrees) < probability { low = mid } else { high = mid }
        }
        return 0.5 * (low + high)
    }

    /// P(T ≤ t) for t ≥ 0.
    static func cdf(_ t: Double, degrees: Double) -> Double {
        1 - 0.5 * incompleteBeta(degrees / (degrees + t * t), a: degrees / 2, b: 0.5)
    }

    /// The regularised incomplete beta function I_x(a, b), by its continued fraction (modified Lentz).
    static func incompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        if x > (a + 1) / (a + b + 2) { return 1 - incompleteBeta(1 - x, a: b, b: a) }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logGammas + logPowers) / a
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        d = 1 / (abs(d) < tiny ? tiny : d)
        var result = d
        for m in 1...300 {
            let m = Double(m)
            for numerator in [
                m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
            ] {
                d = 1 + numerator * d
                d = 1 / (abs(d) < tiny ? tiny : d)
                c = 1 + numerator / c
                if abs(c) < tiny { c = tiny }
                result *= c * d
            }
            if abs(c * d - 1) < 1e-15 { break }
        }
        return front * result
    }
}
