import Foundation

/// y = coefficient·x^exponent, fitted by least squares in log–log space, with 95% Student-t intervals.
package struct PowerLaw: Sendable, Equatable {
    /// The coefficient.
    package var coefficient: Double
    /// The exponent.
    package var exponent: Double
    /// 95% interval of the exponent (nil with fewer than 3 points).
    package var exponentInterval: Interval?
    /// 95% interval of the coefficient (nil with fewer than 3 points).
    package var coefficientInterval: Interval?

    /// The law at `x`.
    package func callAsFunction(_ x: Double) -> Double { coefficient * pow(x, exponent) }

    /// Fits log y = log coefficient + exponent·log x; needs two or more distinct positive x.
    package static func fit(x: [Double], y: [Double]) throws -> PowerLaw {
        let lx = x.map(log), ly = y.map(log), n = Double(x.count)
        guard x.count >= 2 else {
            throw FitError(.tooFewPoints(what: "points for a power law", needed: 2, found: x.count))
        }
        let mx = lx.reduce(0, +) / n, my = ly.reduce(0, +) / n
        let sxx = lx.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        guard sxx > 0 else { throw FitError(.unfit("a power law needs at least two distinct x values")) }
        let sxy = zip(lx, ly).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let slope = sxy / sxx, intercept = my - slope * mx
        var law = PowerLaw(coefficient: exp(intercept), exponent: slope)
        if x.count >= 3 {
            let residual = zip(lx, ly).reduce(0) { $0 + pow($1.1 - intercept - slope * $1.0, 2) }
            let variance = residual / (n - 2)
            let t = StudentT.quantile(0.975, degrees: n - 2)
            let slopeError = (variance / sxx).squareRoot()
            let interceptError = (variance * (1 / n + mx * mx / sxx)).squareRoot()
            law.exponentInterval = Interval(lower: slope - t * slopeError, upper: slope + t * slopeError)
            law.coefficientInterval = Interval(
                lower: exp(intercept - t * interceptError), upper: exp(intercept + t * interceptError))
        }
        return law
    }
}
