import Foundation

/// The shape of a decay from a peak to a floor, as a function of progress `x` in [0, 1].
package enum DecayShape: String, Codable, Sendable, Hashable, CaseIterable {
    case linear
    case cosine
    case oneMinusSqrt = "1-sqrt"
    case square
    case exponential

    /// The multiplier of the peak at progress `x`, falling from 1 to `floor` (a ratio of the peak).
    /// `exponential` is `floor^x` and needs `floor > 0`.
    package func multiplier(progress x: Double, floor r: Double) -> Double {
        switch self {
        case .linear: r + (1 - r) * (1 - x)
        case .cosine: r + (1 - r) * 0.5 * (1 + cos(Double.pi * x))
        case .oneMinusSqrt: r + (1 - r) * (1 - x.squareRoot())
        case .square: r + (1 - r) * (1 - x * x)
        case .exponential: pow(r, x)
        }
    }
}
