import Foundation

/// Results of a scaling sweep: the fitted laws `kiln fit scaling` saved, IsoFLOP profiles and the
/// compute-optimal frontier.
public struct ScalingResults: Sendable {
    /// The saved fits, e.g. Chinchilla Approach 3's L(N, D) = E + A/N^α + B/D^β; empty if none was saved.
    public var laws: [FittedLaw]
    /// One IsoFLOP profile per compute budget, smallest budget first.
    public var isoFLOPs: [IsoFLOPProfile]
    /// Compute-optimal model sizes against compute; `nil` if not computed.
    public var frontier: ComputeFrontier?
    /// The final metric of the profiles' points (`val/prose/loss`, …); `nil` if not known.
    public var metric: String?
    /// What is missing and why, e.g. "No scaling fit saved; run kiln fit scaling grid --approach all."
    public var notes: [String] = []

    /// Scaling results from their parts.
    public init(laws: [FittedLaw] = [], isoFLOPs: [IsoFLOPProfile] = [], frontier: ComputeFrontier? = nil, metric: String? = nil) {
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
public struct FittedLaw: Sendable {
    /// Name of the law, e.g. `chinchilla`, `lr-annealing`, `multi-power`.
    public var name: String
    /// The formula as plain text, e.g. `L(N, D) = E + A/N^α + B/D^β`.
    public var formula: String
    /// Fitted parameters in display order.
    public var parameters: [FitParameter]
    /// Free-text notes shown under the table, e.g. "38 of 40 bootstrap fits converged".
    public var notes: [String]

    /// A law from its parts.
    public init(name: String, formula: String, parameters: [FitParameter], notes: [String] = []) {
        self.name = name
        self.formula = formula
        self.parameters = parameters
        self.notes = notes
    }
}

/// One fitted parameter with an optional interval (e.g. a bootstrap 95% interval).
public struct FitParameter: Sendable, Hashable {
    /// Symbol or name, e.g. `E`, `alpha`.
    public var name: String
    /// Point estimate.
    public var value: Double
    /// Lower end of the interval, if any.
    public var lower: Double?
    /// Upper end of the interval, if any.
    public var upper: Double?

    /// A parameter from its estimate and optional interval.
    public init(name: String, value: Double, lower: Double? = nil, upper: Double? = nil) {
        self.name = name
        self.value = value
        self.lower = lower
        self.upper = upper
    }
}

/// The runs of one compute budget: final loss against model size, a fitted parabola and its minimum.
public struct IsoFLOPProfile: Sendable {
    /// Compute budget C in FLOPs.
    public var flops: Double
    /// Observed (parameter count, final loss) points, one per run of this budget.
    public var points: [SizeLoss]
    /// Fitted parabola in x = log10(parameter count); `nil` if not fitted.
    public var parabola: Parabola?
    /// Size and loss at the parabola's minimum; `nil` if not fitted or rejected (minimum at the edge).
    public var minimum: SizeLoss?

    /// A profile from its parts.
    public init(flops: Double, points: [SizeLoss], parabola: Parabola? = nil, minimum: SizeLoss? = nil) {
        self.flops = flops
        self.points = points
        self.parabola = parabola
        self.minimum = minimum
    }
}

/// A model size and a loss.
public struct SizeLoss: Sendable, Hashable {
    /// Parameter count N.
    public var parameters: Double
    /// Loss.
    public var loss: Double

    /// A point from its size and loss.
    public init(parameters: Double, loss: Double) {
        self.parameters = parameters
        self.loss = loss
    }
}

/// loss = a·x² + b·x + c with x = log10(parameter count).
public struct Parabola: Sendable, Hashable {
    /// Coefficient of x².
    public var a: Double
    /// Coefficient of x.
    public var b: Double
    /// Constant term.
    public var c: Double

    /// A parabola from its coefficients.
    public init(a: Double, b: Double, c: Double) {
        self.a = a
        self.b = b
        self.c = c
    }

    /// The loss at parameter count `parameters`.
    public func loss(parameters: Double) -> Double {
        let x = log10(parameters)
        return (a * x + b) * x + c
    }
}

/// Compute-optimal parameter counts against compute: from IsoFLOP minima and from the fitted law.
public struct ComputeFrontier: Sendable {
    /// Optima observed from IsoFLOP profiles.
    public var observed: [FrontierPoint]
    /// Optima predicted by the fitted law over a range of budgets (drawn as a line).
    public var predicted: [FrontierPoint]

    /// A frontier from its observed and predicted points.
    public init(observed: [FrontierPoint], predicted: [FrontierPoint] = []) {
        self.observed = observed
        self.predicted = predicted
    }
}

/// A compute-optimal allocation: budget C, parameters N_opt and tokens D_opt.
public struct FrontierPoint: Sendable, Hashable {
    /// Compute budget in FLOPs.
    public var flops: Double
    /// Optimal parameter count.
    public var parameters: Double
    /// Optimal token count, if known.
    public var tokens: Double?

    /// A frontier point from its budget and allocation.
    public init(flops: Double, parameters: Double, tokens: Double? = nil) {
        self.flops = flops
        self.parameters = parameters
        self.tokens = tokens
    }
}
