import KilnProtocol
import Foundation

/// An order-1 Markov chain over a few byte symbols whose entropy rate is known exactly: the
/// `synthetic` corpus, and a yardstick for fitted irreducible losses.
package struct MarkovSource: Sendable {
    /// The symbols emitted.
    package let alphabet: [UInt8]
    /// Row-stochastic transition matrix: `transitions[i][j]` = P(next = j | current = i).
    package let transitions: [[Double]]
    /// The stationary distribution π (πP = π).
    package let stationary: [Double]

    /// A chain over `alphabet` with the given row-stochastic `transitions` (every entry positive).
    package init(alphabet: [UInt8], transitions: [[Double]]) {
        let n = alphabet.count
        self.alphabet = alphabet
        self.transitions = transitions
        // Power iteration; every entry is positive, so the chain is ergodic and this converges.
        var pi = [Double](repeating: 1 / Double(n), count: n)
        for _ in 0..<10_000 {
            var next = [Double](repeating: 0, count: n)
            for i in 0..<n { for j in 0..<n { next[j] += pi[i] * transitions[i][j] } }
            pi = next
        }
        stationary = pi
    }

    /// A chain over `alphabet` with transition rows drawn from `seed`; `peakedness` ≥ 1 makes rows
    /// less uniform (weights uᵏ for uniform u).
    package init(alphabet: [UInt8], seed: UInt64, peakedness: Double = 3) {
        var random = SplitMix64(seed: seed)
        let rows = alphabet.map { _ in
            let weights = alphabet.map { _ in pow(random.nextUniform(), peakedness) + 1e-3 }
            let total = weights.reduce(0, +)
            return weights.map { $0 / total }
        }
        self.init(alphabet: alphabet, transitions: rows)
    }

    /// The built-in `synthetic` corpus's chain: 16 text symbols, seed 2024.
    package static let standard = MarkovSource(alphabet: Array("etaoinsrhld ,.\n!".utf8), seed: 2024)

    /// Entropy rate H = Σᵢ πᵢ · H(Pᵢ) in nats per byte: the lowest achievable loss given the past.
    package var entropyRate: Double {
        zip(stationary, transitions).reduce(0) { $0 + $1.0 * Self.entropy($1.1) }
    }

    /// Entropy of the stationary distribution in nats (a unigram model's best loss).
    package var stationaryEntropy: Double { Self.entropy(stationary) }

    /// −ln P(next | previous) under the chain, for two symbols of its alphabet.
    package func surprisal(next: UInt8, after previous: UInt8) -> Double {
        guard let i = alphabet.firstIndex(of: previous), let j = alphabet.firstIndex(of: next) else { return .infinity }
        return -log(transitions[i][j])
    }

    /// `count` bytes of the chain, starting from a stationary draw; deterministic in `seed`.
    package func generate(count: Int, seed: UInt64) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        var out = [UInt8]()
        out.reserveCapacity(count)
        var state = Self.sample(stationary, &random)
        for _ in 0..<count {
            out.append(alphabet[state])
            state = Self.sample(transitions[state], &random)
        }
        return out
    }

    private static func sample(_ distribution: [Double], _ random: inout SplitMix64) -> Int {
        var u = random.nextUniform()
        for (index, p) in distribution.enumerated() {
            u -= p
            if u < 0 { return index }
        }
        return distribution.count - 1
    }

    private static func entropy(_ distribution: [Double]) -> Double {
        -distribution.reduce(0) { $0 + ($1 > 0 ? $1 * log($1) : 0) }
    }
}
