import Foundation

/// The Chinchilla loss law L(N, D) = E + A/N^α + B/D^β (Hoffmann et al. 2022) and its compute-optimal frontier.
package struct ChinchillaLaw: Sendable, Equatable {
    /// Irreducible loss E.
    package var E: Double
    /// Model-size coefficient A.
    package var A: Double
    /// Data coefficient B.
    package var B: Double
    /// Model-size exponent α.
    package var alpha: Double
    /// Data exponent β.
    package var beta: Double

    /// Creates the law.
    package init(E: Double, A: Double, B: Double, alpha: Double, beta: Double) {
        self.E = E
        self.A = A
        self.B = B
        self.alpha = alpha
        self.beta = beta
    }

    /// Hoffmann et al.'s published Approach 3 fit.
    package static let hoffmann = ChinchillaLaw(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)

    /// The law from the log-sum-exp parameters x = (a, b, e, α, β), a = log A, b = log B, e = log E.
    package init(logParameters x: [Double]) {
        self.init(E: exp(x[2]), A: exp(x[0]), B: exp(x[1]), alpha: x[3], beta: x[4])
    }

    /// The log-sum-exp parameters (a, b, e, α, β).
    package var logParameters: [Double] { [log(A), log(B), log(E), alpha, beta] }

    /// Predicted loss for `params` parameters trained on `tokens` tokens.
    package func loss(params: Double, tokens: Double) -> Double {
        E + A / pow(params, alpha) + B / pow(tokens, beta)
    }

    /// Compute-optimal exponent of N: N_opt ∝ C^a, a = β/(α+β).
    package var paramsExponent: Double { beta / (alpha + beta) }

    /// Compute-optimal exponent of D: D_opt ∝ C^b, b = α/(α+β).
    package var tokensExponent: Double { alpha / (alpha + beta) }

    /// G = (αA/(βB))^(1/(α+β)), so N_opt(C) = G·(C/6)^a and D_opt(C) = G⁻¹·(C/6)^b.
    package var frontierCoefficient: Double { pow(alpha * A / (beta * B), 1 / (alpha + beta)) }

    /// Compute-optimal parameter count for `compute` FLOPs, with C = 6·N·D.
    package func optimalParams(compute: Double) -> Double { frontierCoefficient * pow(compute / 6, paramsExponent) }

    /// Compute-optimal token count for `compute` FLOPs, with C = 6·N·D.
    package func optimalTokens(compute: Double) -> Double { pow(compute / 6, tokensExponent) / frontierCoefficient }

    /// The named values reported for this law: E, A, B, alpha, beta, a, b, G.
    package var namedValues: [(String, Double)] {
        [
            ("E", E), ("A", A), ("B", B), ("alpha", alpha), ("beta", beta),
            ("a", paramsExponent), ("b", tokensExponent), ("G", frontierCoefficient),
        ]
    }
}
