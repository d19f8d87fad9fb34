import Foundation
import KilnProtocol

/// The outcome of a D-CPT fit: both laws with bootstrap intervals, the best ratio and the held-out predictions.
package struct DCPTResult: FitReport {
    /// The law of the general validation loss (r is the general share, 1 − the domain ratio).
    package var general: DCPTLaw
    /// The law of the domain validation loss (r is the domain ratio).
    package var domain: DCPTLaw
    /// The sum of the two Huber objectives at their optima.
    package var objective: Double
    /// Points fitted (held-out ones excluded).
    package var dataCount: Int
    /// Starts tried per law.
    package var starts: Int
    /// Starts within 1e-6 (relative) of the best objective, for the general and the domain law.
    package var startsReachingBest: (general: Int, domain: Int)
    /// Whether the optimiser converged at both optima.
    package var converged: Bool
    /// Both laws refitted on each bootstrap resample.
    package var bootstrap: [(general: DCPTLaw, domain: DCPTLaw)]
    /// The best ratio under the general-loss limit.
    package var optimum: RatioChoice
    /// The best ratio of each bootstrap refit.
    package var bootstrapOptima: [Double]
    /// Predictions at the held-out ratios.
    package var predictions: [DCPTPrediction]
    /// The points fitted (for the warnings' scale and the report).
    package var fittedPoints: [MixturePoint]

    /// Machine name of the method.
    package var method: String { "d-cpt" }
    /// Human title with the formula.
    package var title: String { "D-CPT law: L(N, D, r) = E + A/N^alpha + B*r^eta/D^beta + C/(r + epsilon)^gamma" }
    /// The objective at the optimum.
    package var loss: Double? { objective }

    /// Fitted values: `general.E` … `general.eta`, `domain.E` … `domain.eta`, then `r_opt`.
    package var estimates: [Estimate] {
        func values(_ prefix: String, _ law: DCPTLaw, _ refits: [DCPTLaw]) -> [Estimate] {
            law.namedValues.enumerated().map { index, named in
                Estimate(
                    "\(prefix).\(named.0)", named.1,
                    interval: Bootstrap.percentileInterval(refits.map { $0.namedValues[index].1 }))
            }
        }
        return values("general", general, bootstrap.map(\.general)) + values("domain", domain, bootstrap.map(\.domain))
            + [Estimate("r_opt", optimum.ratio, interval: Bootstrap.percentileInterval(bootstrapOptima))]
    }

    /// Mean |predicted − observed| / observed over the held-out points, general and domain; nil without any.
    package var meanPredictionError: (general: Double, domain: Double)? {
        guard !predictions.isEmpty else { return nil }
        let count = Double(predictions.count)
        return (
            predictions.map(\.generalError).reduce(0, +) / count, predictions.map(\.domainError).reduce(0, +) / count
        )
    }

    /// Parameters the fit left at a bound of the parameterisation (E, or a term that vanished over every point) or
    /// with an exponent of the wrong sign.
    package var warnings: [String] {
        var warnings: [String] = []
        let minLoss = fittedPoints.map { min($0.generalLoss, $0.domainLoss) }.min() ?? 1
        for (which, law, share) in [
            ("general", general, { (p: MixturePoint) in 1 - p.ratio }), ("domain", domain, { $0.ratio }),
        ] {
            let terms: [(String, (MixturePoint) -> Double)] = [
                ("E", { _ in law.E }), ("A", { law.A / pow($0.params, law.alpha) }),
                ("B", { share($0) > 0 ? law.B * pow(share($0), law.eta) / pow($0.tokens, law.beta) : 0 }),
                ("C", { law.C / pow(share($0) + law.epsilon, law.gamma) }),
            ]
            for (name, term) in terms where (fittedPoints.map(term).max() ?? 0) < 1e-3 * minLoss {
                warnings.append("\(which) \(name) hit its bound 0: these runs do not identify \(which) \(name)")
            }
            for (name, value) in [("alpha", law.alpha), ("beta", law.beta), ("gamma", law.gamma)] where value <= 0 {
                warnings.append(
                    "\(which) \(name) = \(formatted(value)) is not positive: over these runs the \(which) loss does "
                        + "not fall as the law assumes")
            }
        }
        return warnings
    }

    /// Further lines of the readable report: the search, the best ratio, the held-out predictions.
    package var details: [String] {
        var lines = [
            "  epsilon: \(formatted(general.epsilon)) (fixed); r is the domain ratio, the general law is evaluated at 1 - r",
            "  starts per law: \(starts), reaching the best objective: general \(startsReachingBest.general), "
                + "domain \(startsReachingBest.domain)",
        ]
        if !bootstrap.isEmpty { lines.append("  bootstrap: \(bootstrap.count) refits") }
        let o = optimum
        lines.append(
            "  best domain ratio at N = \(formatted(o.params)), D = \(formatted(o.tokens)): r* = \(formatted(o.ratio)) "
                + "(domain loss \(formatted(o.domainLoss)); general loss \(formatted(o.generalLoss)) vs "
                + "\(formatted(o.baselineGeneralLoss)) at r = \(formatted(o.baseline)), limit +\(formatted(o.maxIncrease * 100))%)"
        )
        if !predictions.isEmpty {
            lines.append("  held-out predictions:")
            lines.append("    N             D             r       general (pred/obs/err)        domain (pred/obs/err)")
            for p in predictions {
                let cells = [formatted(p.point.params), formatted(p.point.tokens)].map {
                    $0.padding(toLength: 14, withPad: " ", startingAt: 0)
                }
                lines.append(
                    "    " + cells.joined() + formatted(p.point.ratio).padding(toLength: 8, withPad: " ", startingAt: 0)
                        + "\(formatted(p.general)) / \(formatted(p.point.generalLoss)) / \(percent(p.generalError))"
                        .padding(toLength: 30, withPad: " ", startingAt: 0)
                        + "\(formatted(p.domain)) / \(formatted(p.point.domainLoss)) / \(percent(p.domainError))")
            }
            if let mean = meanPredictionError {
                lines.append(
                    "  mean prediction error: general \(percent(mean.general)), domain \(percent(mean.domain))")
            }
        }
        return lines
    }

    /// JSON members beyond the common ones: the search, the best ratio, the predictions.
    package var extraJSON: [(String, JSONValue)] {
        let o = optimum
        var members: [(String, JSONValue)] = [
            ("epsilon", .number(general.epsilon)), ("starts", .integer(starts)),
            (
                "starts_reaching_best",
                .object([
                    ("general", .integer(startsReachingBest.general)), ("domain", .integer(startsReachingBest.domain)),
                ])
            ),
            ("converged", .bool(converged)), ("bootstrap", .integer(bootstrap.count)),
            (
                "optimum",
                .object([
                    ("params", .number(o.params)), ("tokens", .number(o.tokens)),
                    ("baseline_ratio", .number(o.baseline)),
                    ("max_general_increase", .number(o.maxIncrease)), ("ratio", .number(o.ratio)),
                    ("domain_loss", .number(o.domainLoss)), ("general_loss", .number(o.generalLoss)),
                    ("baseline_general_loss", .number(o.baselineGeneralLoss)),
                ])
            ),
            (
                "predictions",
                .array(
                    predictions.map { p in
                        .object([
                            ("params", .number(p.point.params)), ("tokens", .number(p.point.tokens)),
                            ("ratio", .number(p.point.ratio)), ("general_predicted", .number(p.general)),
                            ("general_observed", .number(p.point.generalLoss)),
                            ("general_error", .number(p.generalError)),
                            ("domain_predicted", .number(p.domain)), ("domain_observed", .number(p.point.domainLoss)),
                            ("domain_error", .number(p.domainError)),
                        ])
                    })
            ),
        ]
        if let mean = meanPredictionError {
            members.append(
                (
                    "mean_prediction_error",
                    .object([
                        ("general", .number(mean.general)), ("domain", .number(mean.domain)),
                    ])
                ))
        }
        return members
    }

    private func percent(_ fraction: Double) -> String { String(format: "%.2f%%", fraction * 100) }
}
