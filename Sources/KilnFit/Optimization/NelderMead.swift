/// The Nelder–Mead simplex method, a derivative-free fallback, with the dimension-adaptive
/// coefficients of Gao & Han (2012) so it stays effective beyond a few parameters.
package struct NelderMead: Sendable {
    /// Objective evaluations allowed.
    package var maxEvaluations: Int
    /// Stop when the simplex's values differ by at most this·|f_best| …
    package var objectiveTolerance: Double
    /// … and its vertices by at most this·(1 + ‖x_best‖∞).
    package var stepTolerance: Double
    /// Initial simplex edge, relative to each coordinate (absolute 0.05 for zero coordinates).
    package var initialStep: Double

    /// Creates the optimiser.
    package init(
        maxEvaluations: Int = 20_000, objectiveTolerance: Double = 1e-12, stepTolerance: Double = 1e-10,
        initialStep: Double = 0.05
    ) {
        self.maxEvaluations = maxEvaluations
        self.objectiveTolerance = objectiveTolerance
        self.stepTolerance = stepTolerance
        self.initialStep = initialStep
    }

    /// Minimises `objective` from `start`; non-finite values count as +∞.
    package func minimize(from start: [Double], _ objective: ([Double]) -> Double) -> OptimizationResult {
        let n = start.count
        let dimension = Double(n)
        let (reflect, expand) = (1.0, 1 + 2 / dimension)
        let (contract, shrink) = (0.75 - 1 / (2 * dimension), 1 - 1 / dimension)
        var evaluations = 0
        func f(_ x: [Double]) -> Double {
            evaluations += 1
            let v = objective(x)
            return v.isNaN ? .infinity : v
        }
        var simplex = [start]
        for i in 0..<n {
            var vertex = start
            vertex[i] += start[i] == 0 ? 0.05 : initialStep * start[i]
            simplex.append(vertex)
        }
        var values = simplex.map(f)
        guard values[0].isFinite else {
            return OptimizationResult(
                x: start, value: values[0], iterations: 0, evaluations: evaluations,
                status: .nonFiniteStart)
        }
        var iterations = 0
        var status = OptimizationResult.Status.maxIterations
        while evaluations < maxEvaluations {
            iterations += 1
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            let best = values[0], worst = values[n]
            if best == 0 { status = .exact; break }
            let spread = simplex.dropFirst().map { v in zip(v, simplex[0]).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
            if worst - best <= objectiveTolerance * abs(best),
                spread <= stepTolerance * (1 + maxNorm(simplex[0]))
            {
                status = .objectiveConverged
                break
            }
            var centroid = [Double](repeating: 0, count: n)
            for vertex in simplex.dropLast() { for i in 0..<n { centroid[i] += vertex[i] / dimension } }
            func along(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) } }
            let reflected = along(-reflect), fr = f(reflected)
            if fr < best {
                let expanded = along(-expand), fe = f(expanded)
                (simplex[n], values[n]) = fe < fr ? (expanded, fe) : (reflected, fr)
            } else if fr < values[n - 1] {
                (simplex[n], values[n]) = (reflected, fr)
            } else {
                let outside = fr < worst
                let contracted = along(outside ? contract : -contract), fc = f(contracted)
                if fc < (outside ? fr : worst) {
                    (simplex[n], values[n]) = (contracted, fc)
                } else {
                    for j in 1...n {
                        simplex[j] = (0..<n).map { simplex[0][$0] + shrink * (simplex[j][$0] - simplex[0][$0]) }
                        values[j] = f(simplex[j])
                    }
                }
            }
        }
        let bestIndex = values.indices.min { values[$0] < values[$1] } ?? 0
        return OptimizationResult(
            x: simplex[bestIndex], value: values[bestIndex], iterations: iterations,
            evaluations: evaluations, status: status)
    }
}
