import Foundation

/// The D-CPT law (Que et al. 2024) for one validation loss:
/// L(N, D, r) = E + A/N^α + B·r^η/D^β + C/(r + ε)^γ, where r is the share of that loss's own corpus in the
/// mixture (the domain ratio for the domain loss, 1 − the domain ratio for the general loss).
package struct DCPTLaw: Sendable, Equatable {
    /// Irreducible loss E.
    package var E: Double
    /// Model-size coefficient A.
    package var A: Double
    /// Data coefficient B.
    package var B: Double
    /// Ratio coefficient C.
    package var C: Double
    /// Model-size exponent α.
    package var alpha: Double
    /// Data exponent β.
    package var beta: Double
    /// Ratio exponent γ.
    package var gamma: Double
    /// Exponent η of the ratio in the data term.
    package var eta: Double
    /// The constant ε that keeps C/(r + ε)^γ finite at r = 0 (fixed, not fitted).
    package var epsilon: Double

    /// Creates the law.
    package init(
        E: Double, A: Double, B: Double, C: Double, alpha: Double, beta: Double, gamma: Double, eta: Double,
        epsilon: Double
    ) {
        (self.E, self.A, self.B, self.C) = (E, A, B, C)
        (self.alpha, self.beta, self.gamma, self.eta, self.epsilon) = (alpha, beta, gamma, eta, epsilon)
    }

    /// The law from the log-sum-exp parameters x = (e, a, b, c, α, β, γ, η), e = log E, a = log A, b = log B,
    /// c = log C.
    package init(logParameters x: [Double], epsilon: Double) {
        self.init(
            E: exp(x[0]), A: exp(x[1]), B: exp(x[2]), C: exp(x[3]), alpha: x[4], beta: x[5], gamma: x[6], eta: x[7],
            epsilon: epsilon)
    }

    /// The log-sum-exp parameters (e, a, b, c, α, β, γ, η).
    package var logParameters: [Double] { [log(E), log(A), log(B), log(C), alpha, beta, gamma, eta] }

    /// Predicted loss for `params` parameters trained on `tokens` tokens with `ratio` ∈ [0, 1] of this loss's
    /// corpus. At ratio 0 the data term B·r^η/D^β is 0 (η > 0: no tokens of the corpus, no data term).
    package func loss(params: Double, tokens: Double, ratio: Double) -> Double {
        E + A / pow(params, alpha) + (ratio > 0 ? B * pow(ratio, eta) / pow(tokens, beta) : 0)
            + C / pow(ratio + epsilon, gamma)
    }

    /// The fitted values as reported: E, A, B, C, alpha, beta, gamma, eta.
    package var namedValues: [(String, Double)] {
        [("E", E), ("A", A), ("B", B), ("C", C), ("alpha", alpha), ("beta", beta), ("gamma", gamma), ("eta", eta)]
    }
}
