/// A smooth objective: returns f(x) and writes ∇f(x) into `gradient` (same length as `x`).
package typealias DifferentiableObjective = (_ x: [Double], _ gradient: inout [Double]) -> Double

/// Where an optimiser stopped and why.
package struct OptimizationResult: Sendable {
    /// Why an optimiser stopped.
    package enum Status: String, Sendable {
        /// The gradient is negligible relative to the objective's own scale.
        case gradientConverged = "gradient"
        /// The objective stopped decreasing, relative to its own scale.
        case objectiveConverged = "objective"
        /// The step became negligible relative to the parameters.
        case stepConverged = "step"
        /// The objective reached exactly zero.
        case exact
        /// The iteration limit was reached first.
        case maxIterations = "max-iterations"
        /// No step satisfying the line-search conditions was found.
        case lineSearchFailed = "line-search"
        /// The objective was not finite at the starting point.
        case nonFiniteStart = "non-finite-start"
    }

    /// The best point found.
    package var x: [Double]
    /// The objective at `x`.
    package var value: Double
    /// Iterations taken.
    package var iterations: Int
    /// Objective evaluations made.
    package var evaluations: Int
    /// Why the optimiser stopped.
    package var status: Status

    /// True when a convergence test (not a limit or a failure) stopped the optimiser.
    package var converged: Bool {
        switch status {
        case .gradientConverged, .objectiveConverged, .stepConverged, .exact: true
        case .maxIterations, .lineSearchFailed, .nonFiniteStart: false
        }
    }

    /// Creates a result.
    package init(x: [Double], value: Double, iterations: Int, evaluations: Int, status: Status) {
        self.x = x
        self.value = value
        self.iterations = iterations
        self.evaluations = evaluations
        self.status = status
    }
}

extension Array where Element == OptimizationResult {
    /// The result with the lowest finite value (the earliest on ties), or nil when none is finite.
    var best: OptimizationResult? {
        var best: OptimizationResult?
        for result in self where result.value.isFinite && result.value < (best?.value ?? .infinity) { best = result }
        return best
    }
}
