import Foundation

/// Results of a scaling sweep: the fitted laws `kiln fit scaling` saved, IsoFLOP profiles and the
/// compute-optimal frontier.
package struct ScalingResults: Sendable {
    /// The saved fits, e.g. Chinchilla Approach 3's L(N, D) = E + A/N^α + B/D^β; empty if none was saved.
    package var laws: [FittedLaw]
    /// One IsoFLOP profile per compute budget, smallest budget first.
    package var isoFLOPs: [IsoFLOPProfile]
    /// Compute-optimal model sizes against compute; `nil` if not computed.
    package var frontier: ComputeFrontier?
    /// The final metric of the profiles' points (`val/prose/loss`, …); `nil` if not known.
    package var metric: String?
    /// What is missing and why, e.g. "No scaling fit saved; run kiln fit scaling grid --approach all."
    package var notes: [String] = []

    /// Scaling results from their parts.
    package init(
        laws: [FittedLaw] = [], isoFLOPs: [IsoFLOPProfile] = [], frontier: ComputeFrontier? = nil, metric: String? = nil
    ) {
        self.laws = laws
        self.isoFLOPs = isoFLOPs
        self.frontier = frontier
        self.metric = metric
    }

    /// These results and those of another sweep in one report: laws, profiles, frontiers and notes together.
    func merged(with other: ScalingResults) -> ScalingResults {
        var merged = ScalingResults(
            laws: laws + other.laws, isoFLOPs: (isoFLOPs + other.isoFLOPs).sorted { $0.flops < $1.flops },
            metric: metric == other.metric ? metric : nil)
        if frontier != nil || other.frontier != nil {
            merged.frontier = ComputeFrontier(
                observed: (frontier?.observed ?? []) + (other.frontier?.observed ?? []),
                predicted: (frontier?.predicted ?? []) + (other.frontier?.predicted ?? []))
        }
        merged.notes = notes + other.notes
        return merged
    }
}

/// A fitted law: its formula, parameters with intervals, and notes such as convergence counts.
package struct FittedLaw: Sendable {
    /// Name of the law, e.g. `chinchilla`, `lr-annealing`, `multi-power`.
    package var name: String
    /// The formula as plain text, e.g. `L(N, D) = E + A/N^α + B/D^β`.
    package var formula: String
    /// Fitted parameters in display order.
    package var parameters: [FitParameter]
    /// Free-text notes shown under the table, e.g. "38 of 40 bootstrap fits converged".
    package var notes: [String]

    /// A law from its parts.
    package init(name: String, formula: String, parameters: [FitParameter], notes: [String] = []) {
        self.name = name
        self.formula = formula
        self.parameters = parameters
        self.notes = notes
    }
}

/// One fitted parameter with an optional interval (e.g. a bootstrap 95% interval).
package struct FitParameter: Sendable, Hashable {
    /// Symbol or name, e.g. `E`, `alpha`.
    package var name: String
    /// Point estimate.
    package var value: Double
    /// Lower end of the interval, if any.
    package var lower: Double?
    /// Upper end of the interval, if any.
    package var upper: Double?

    /// A parameter from its estimate and optional interval.
    package init(name: String, value: Double, lower: Double? = nil, upper: Double? = nil) {
        self.name = name
        self.value = value
        self.lower = lower
        self.upper = upper
    }
}

/// The runs of one compute budget: final loss against model size, a fitted parabola and its minimum.
package struct IsoFLOPProfile: Sendable {
    /// Compute budget C in FLOPs.
    package var flops: Double
    /// Observed (parameter count, final loss) points, one per run of this budget.
    package var points: [SizeLoss]
    /// Fitted parabola in x = log10(parameter count); `nil` if not fitted.
    package var parabola: Parabola?
    /// Size and loss at the parabola's minimum; `nil` if not fitted or rejected (minimum at the edge).
    package var minimum: SizeLoss?

    /// A profile from its parts.
    package init(flops: Double, points: [SizeLoss], parabola: Parabola? = nil, minimum: SizeLoss? = nil) {
        self.flops = flops
        self.points = points
        self.parabola = parabola
        self.minimum = minimum
    }
}

/// A model size and a loss.
package struct SizeLoss: Sendable, Hashable {
    /// Parameter count N.
    package var parameters: Double
    /// Loss.
    package var loss: Double

    /// A point from its size and loss.
    package init(parameters: Double, loss: Double) {
        self.parameters = parameters
        self.loss = loss
    }
}

/// loss = a·x² + b·x + c with x = log10(parameter count).
package struct Parabola: Sendable, Hashable {
    /// Coefficient of x².
    package var a: Double
    /// Coefficient of x.
    package var b: Double
    /// Constant term.
    package var c: Double

    /// A parabola from its coefficients.
    package init(a: Double, b: Double, c: Double) {
        self.a = a
        self.b = b
        self.c = c
    }

    /// The loss at parameter count `parameters`.
    package func loss(parameters: Double) -> Double {
        let x = log10(parameters)
        return (a * x + b) * x + c
    }
}

/// Compute-optimal parameter counts against compute: from IsoFLOP minima and from the fitted law.
package struct ComputeFrontier: Sendable {
    /// Optima observed from IsoFLOP profiles.
    package var observed: [FrontierPoint]
    /// Optima predicted by the fitted law over a range of budgets (drawn as a line).
    package var predicted: [FrontierPoint]

    /// A frontier from its observed and predicted points.
    package init(observed: [FrontierPoint], predicted: [FrontierPoint] = []) {
        self.observed = observed
        self.predicted = predicted
    }
}

/// A compute-optimal allocation: budget C, parameters N_opt and tokens D_opt.
package struct FrontierPoint: Sendable, Hashable {
    /// Compute budget in FLOPs.
    package var flops: Double
    /// Optimal parameter count.
    package var parameters: Double
    /// Optimal token count, if known.
    package var tokens: Double?

    /// A frontier point from its budget and allocation.
    package init(flops: Double, parameters: Double, tokens: Double? = nil) {
        self.flops = flops
        self.parameters = parameters
        self.tokens = tokens
    }
}
