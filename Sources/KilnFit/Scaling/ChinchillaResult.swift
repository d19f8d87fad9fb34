import Foundation
import KilnProtocol

/// The outcome of Chinchilla Approach 3: the law, how the search went, and bootstrap intervals.
package struct ChinchillaResult: FitReport {
    /// The fitted law.
    package var law: ChinchillaLaw
    /// The Huber objective at the optimum (a sum over points).
    package var loss: Double?
    /// Points fitted.
    package var dataCount: Int
    /// Starts tried.
    package var starts: Int
    /// Starts whose optimiser met a convergence test.
    package var convergedStarts: Int
    /// Starts that ended within 1e-6 (relative) of the best objective.
    package var startsReachingBest: Int
    /// Whether the optimiser converged at the reported optimum.
    package var converged: Bool
    /// The law refitted on each bootstrap resample.
    package var bootstrap: [ChinchillaLaw]
    /// Bootstrap refits that converged.
    package var bootstrapConverged: Int

    /// Machine name of the method.
    package var method: String { "chinchilla-approach-3" }
    /// Human title with the formula.
    package var title: String { "Chinchilla Approach 3: L(N, D) = E + A/N^alpha + B/D^beta" }

    /// The 95% percentile interval of the named value (`E`, `alpha`, `a`, `G`, …) over the bootstrap refits.
    package func interval(_ name: String) -> Interval? {
        Bootstrap.percentileInterval(bootstrap.compactMap { law in law.namedValues.first { $0.0 == name }?.1 })
    }

    /// Fitted values, named as in JSON.
    package var estimates: [Estimate] {
        law.namedValues.map { Estimate($0.0, $0.1, interval: interval($0.0)) }
    }

    /// Compute budgets (FLOPs) at which the frontier is tabulated: decades spanning 1e18…1e24.
    package var frontierBudgets: [Double] { (18...24).map { pow(10, Double($0)) } }

    /// Further lines of the readable report.
    package var details: [String] {
        var lines = [
            "  starts: \(starts), converged: \(convergedStarts), reaching the best objective: \(startsReachingBest)"
        ]
        if !bootstrap.isEmpty {
            lines.append("  bootstrap: \(bootstrap.count) refits, \(bootstrapConverged) converged")
        }
        lines.append("  compute-optimal frontier (C = 6·N·D): N_opt = G·(C/6)^a, D_opt = (C/6)^b / G")
        lines.append("    C (FLOPs)     N_opt         D_opt")
        for c in frontierBudgets {
            lines.append(
                "    "
                    + [c, law.optimalParams(compute: c), law.optimalTokens(compute: c)]
                    .map { formatted($0).padding(toLength: 14, withPad: " ", startingAt: 0) }.joined())
        }
        return lines
    }

    /// JSON members beyond the common ones.
    package var extraJSON: [(String, JSONValue)] {
        [
            ("starts", .integer(starts)), ("converged_starts", .integer(convergedStarts)),
            ("starts_reaching_best", .integer(startsReachingBest)), ("converged", .bool(converged)),
            ("bootstrap", .integer(bootstrap.count)), ("bootstrap_converged", .integer(bootstrapConverged)),
            (
                "frontier",
                .array(
                    frontierBudgets.map { c in
                        .object([
                            ("C", .number(c)), ("N_opt", .number(law.optimalParams(compute: c))),
                            ("D_opt", .number(law.optimalTokens(compute: c))),
                        ])
                    })
            ),
        ]
    }
}
