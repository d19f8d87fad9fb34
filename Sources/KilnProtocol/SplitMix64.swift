import Foundation

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny deterministic generator whose whole state is one
/// UInt64, so it can be derived from (seed, step) and needs no checkpointing. One implementation for
/// the planner's `random:` axes, the training core's sampling and initialisation, the fits' bootstraps
/// and synthetic data; as a `RandomNumberGenerator` it also drives `Int.random(in:using:)` and its kin.
package struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's state.
    package var state: UInt64

    /// A generator whose first state is `seed`.
    package init(seed: UInt64) { state = seed }

    /// A generator for one purpose and index, independent of the others drawn from `seed`.
    package init(seed: UInt64, stream: UInt64, index: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15))
        state = mixer.next() ^ (index &* 0xBF58_476D_1CE4_E5B9)
        _ = next()
    }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    package mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform integer in 0..<bound (bound > 0).
    package mutating func next(below bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// Standard normal (Box–Muller).
    package mutating func nextNormal() -> Float {
        let u1 = max(nextUniform(), 1e-300)
        let u2 = nextUniform()
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }
}
