/// Limited-memory BFGS with a strong-Wolfe line search (Nocedal & Wright, Algorithm 7.5).
///
/// Convergence tests are relative to the objective's own scale, so an objective of order 1e-3
/// (a Huber loss at its optimum) is minimised as thoroughly as one of order 1: the gradient test
/// is ‖∇f‖∞ ≤ `gradientTolerance`·|f|, the objective test (f_prev − f) ≤ `objectiveTolerance`·|f_prev|,
/// the step test ‖Δx‖∞ ≤ `stepTolerance`·(1 + ‖x‖∞).
package struct LBFGS: Sendable {
    /// Number of correction pairs kept.
    package var memory: Int
    /// Iteration limit.
    package var maxIterations: Int
    /// Relative gradient tolerance: stop when ‖∇f‖∞ ≤ this·|f|.
    package var gradientTolerance: Double
    /// Relative decrease tolerance: stop when one iteration lowers f by at most this·|f|.
    package var objectiveTolerance: Double
    /// Step tolerance: stop when ‖Δx‖∞ ≤ this·(1 + ‖x‖∞).
    package var stepTolerance: Double

    /// Creates an optimiser with tolerances suited to smooth fits in double precision.
    package init(
        memory: Int = 10, maxIterations: Int = 1000, gradientTolerance: Double = 1e-10,
        objectiveTolerance: Double = 1e-13, stepTolerance: Double = 1e-13
    ) {
        self.memory = memory
        self.maxIterations = maxIterations
        self.gradientTolerance = gradientTolerance
        self.objectiveTolerance = objectiveTolerance
        self.stepTolerance = stepTolerance
    }

    /// Minimises `objective` from `start`.
    package func minimize(from start: [Double], _ objective: DifferentiableObjective) -> OptimizationResult {
        let n = start.count
        var gradient = [Double](repeating: 0, count: n)
        var value = objective(start, &gradient)
        var evaluations = 1
        guard value.isFinite, gradient.allSatisfy(\.isFinite) else {
            return OptimizationResult(x: start, value: value, iterations: 0, evaluations: 1, status: .nonFiniteStart)
        }
        var x = start
        var s: [[Double]] = [], y: [[Double]] = [], rho: [Double] = []
        let search = WolfeLineSearch()
        var direction = [Double](repeating: 0, count: n)
        var alpha = [Double](repeating: 0, count: memory)

        func finish(_ status: OptimizationResult.Status, _ iterations: Int) -> OptimizationResult {
            OptimizationResult(x: x, value: value, iterations: iterations, evaluations: evaluations, status: status)
        }
        if value == 0 { return finish(.exact, 0) }
        if maxNorm(gradient) <= gradientTolerance * abs(value) { return finish(.gradientConverged, 0) }

        for iteration in 1...max(1, maxIterations) {
            // Two-loop recursion: direction = −H·∇f.
            for i in 0..<n { direction[i] = -gradient[i] }
            let count = s.count
            for j in stride(from: count - 1, through: 0, by: -1) {
                alpha[j] = rho[j] * dot(s[j], direction)
                for i in 0..<n { direction[i] -= alpha[j] * y[j][i] }
            }
            if let last = count > 0 ? count - 1 : nil {
                let scale = dot(s[last], y[last]) / dot(y[last], y[last])
                for i in 0..<n { direction[i] *= scale }
            }
            for j in 0..<count {
                let beta = rho[j] * dot(y[j], direction)
                for i in 0..<n { direction[i] += (alpha[j] - beta) * s[j][i] }
            }
            var slope = dot(gradient, direction)
            if !(slope < 0) {
                s.removeAll(); y.removeAll(); rho.removeAll()
                for i in 0..<n { direction[i] = -gradient[i] }
                slope = dot(gradient, direction)
            }
            let initial = s.isEmpty ? 1 / max(dot(direction, direction).squareRoot(), 1e-300) : 1
            let start = WolfeLineSearch.Trial(step: 0, value: value, slope: slope, x: x, gradient: gradient)
            guard
                let trial = search.search(
                    from: start, direction: direction, initial: initial, objective: objective, evaluations: &evaluations
                )
            else { return finish(.lineSearchFailed, iteration) }

            var step = [Double](repeating: 0, count: n), change = [Double](repeating: 0, count: n)
            for i in 0..<n {
                step[i] = trial.x[i] - x[i]
                change[i] = trial.gradient[i] - gradient[i]
            }
            let previous = value
            x = trial.x
            value = trial.value
            gradient = trial.gradient

            if value == 0 { return finish(.exact, iteration) }
            if maxNorm(gradient) <= gradientTolerance * abs(value) { return finish(.gradientConverged, iteration) }
            if previous - value <= objectiveTolerance * abs(previous) { return finish(.objectiveConverged, iteration) }
            if maxNorm(step) <= stepTolerance * (1 + maxNorm(x)) { return finish(.stepConverged, iteration) }

            let curvature = dot(step, change)
            if curvature > 1e-16 * dot(change, change).squareRoot() * dot(step, step).squareRoot() {
                if s.count == memory {
                    s.removeFirst(); y.removeFirst(); rho.removeFirst()
                }
                s.append(step); y.append(change); rho.append(1 / curvature)
            }
        }
        return finish(.maxIterations, maxIterations)
    }
}

/// Σ aᵢbᵢ.
@inline(__always)
func dot(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for i in a.indices { sum += a[i] * b[i] }
    return sum
}

/// max |aᵢ|.
@inline(__always)
func maxNorm(_ a: [Double]) -> Double {
    var m = 0.0
    for v in a { m = max(m, abs(v)) }
    return m
}
