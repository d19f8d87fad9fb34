extension NelderMead {
    /// When L-BFGS stopped without converging (a failed line search at a kink, the iteration limit), runs
    /// Nelder–Mead from its point and returns whichever is lower; a converged result is returned as it is.
    static func fallback(from result: OptimizationResult, _ objective: DifferentiableObjective) -> OptimizationResult {
        guard !result.converged, result.value.isFinite else { return result }
        var gradient = [Double](repeating: 0, count: result.x.count)
        let simplex = NelderMead(maxEvaluations: 4000, initialStep: 0.01).minimize(from: result.x) {
            objective($0, &gradient)
        }
        return simplex.value < result.value ? simplex : result
    }
}
