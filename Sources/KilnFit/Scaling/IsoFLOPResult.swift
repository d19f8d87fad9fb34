import Foundation
import KilnProtocol

/// The outcome of Approach 2: the budgets, and power laws N_opt = G_N·C^a and D_opt = G_D·C^b.
package struct IsoFLOPResult: FitReport {
    /// Every budget, used or not, by increasing compute.
    package var budgets: [IsoFLOPBudget]
    /// Points in the input.
    package var dataCount: Int
    /// N_opt against C.
    package var paramsLaw: PowerLaw
    /// D_opt against C.
    package var tokensLaw: PowerLaw

    /// Machine name of the method.
    package var method: String { "chinchilla-approach-2" }
    /// Human title with the formula.
    package var title: String { "Chinchilla Approach 2 (IsoFLOP parabolas): N_opt = G_N*C^a, D_opt = G_D*C^b" }
    /// No objective: the power laws are least-squares fits in log–log space.
    package var loss: Double? { nil }

    /// Fitted values, named as in JSON.
    package var estimates: [Estimate] { powerLawEstimates(params: paramsLaw, tokens: tokensLaw) }

    /// Further lines of the readable report.
    package var details: [String] {
        ["  budget C      points  used  N_opt         D_opt         min loss      status"]
            + budgets.map { b in
                "  "
                    + [
                        formatted(b.compute).padding(toLength: 14, withPad: " ", startingAt: 0),
                        "\(b.pointCount)".padding(toLength: 8, withPad: " ", startingAt: 0),
                        "\(b.usedCount)".padding(toLength: 6, withPad: " ", startingAt: 0),
                        (b.optimalParams.map(formatted) ?? "-").padding(toLength: 14, withPad: " ", startingAt: 0),
                        (b.optimalTokens.map(formatted) ?? "-").padding(toLength: 14, withPad: " ", startingAt: 0),
                        (b.minimumLoss.map(formatted) ?? "-").padding(toLength: 14, withPad: " ", startingAt: 0),
                        b.status == .fitted ? "used" : "left out: \(b.status.rawValue)",
                    ].joined()
            }
    }

    /// JSON members beyond the common ones.
    package var extraJSON: [(String, JSONValue)] {
        [
            (
                "budgets",
                .array(
                    budgets.map { b in
                        .object([
                            ("C", .number(b.compute)), ("points", .integer(b.pointCount)),
                            ("used", .integer(b.usedCount)),
                            ("N_opt", b.optimalParams.map(JSONValue.number) ?? .null),
                            ("D_opt", b.optimalTokens.map(JSONValue.number) ?? .null),
                            ("min_loss", b.minimumLoss.map(JSONValue.number) ?? .null),
                            ("status", .string(b.status == .fitted ? "used" : b.status.rawValue)),
                        ])
                    })
            )
        ]
    }
}

/// Estimates a, b, G_N, G_D of the two frontier power laws, shared by Approaches 1 and 2.
func powerLawEstimates(params: PowerLaw, tokens: PowerLaw) -> [Estimate] {
    [
        Estimate("a", params.exponent, interval: params.exponentInterval),
        Estimate("b", tokens.exponent, interval: tokens.exponentInterval),
        Estimate("G_N", params.coefficient, interval: params.coefficientInterval),
        Estimate("G_D", tokens.coefficient, interval: tokens.coefficientInterval),
    ]
}
