/// Residuals r(x) (length m) and their Jacobian, row-major m×n (`jacobian[i*n + j]` = ∂rᵢ/∂xⱼ).
package typealias ResidualFunction = (_ x: [Double], _ residuals: inout [Double], _ jacobian: inout [Double]) -> Void

/// Levenberg–Marquardt for nonlinear least squares, minimising ½‖r(x)‖², with Marquardt's diagonal
/// scaling and Nielsen's damping update (Madsen, Nielsen & Tingleff 2004, Algorithm 3.16).
package struct LevenbergMarquardt: Sendable {
    /// Iteration limit.
    package var maxIterations: Int
    /// Stop when ‖Jᵀr‖∞ ≤ this·½‖r‖².
    package var gradientTolerance: Double
    /// Stop when an accepted step lowers ½‖r‖² by at most this·(its previous value).
    package var objectiveTolerance: Double
    /// Stop when ‖Δx‖∞ ≤ this·(1 + ‖x‖∞).
    package var stepTolerance: Double

    /// Creates the solver.
    package init(
        maxIterations: Int = 500, gradientTolerance: Double = 1e-12, objectiveTolerance: Double = 1e-15,
        stepTolerance: Double = 1e-14
    ) {
        self.maxIterations = maxIterations
        self.gradientTolerance = gradientTolerance
        self.objectiveTolerance = objectiveTolerance
        self.stepTolerance = stepTolerance
    }

    /// Minimises ½‖r(x)‖² from `start`, for `residualCount` residuals.
    package func minimize(from start: [Double], residualCount m: Int, _ residuals: ResidualFunction)
        -> OptimizationResult
    {
        let n = start.count
        var r = [Double](repeating: 0, count: m), jacobian = [Double](repeating: 0, count: m * n)
        var x = start, evaluations = 1
        residuals(x, &r, &jacobian)
        var cost = 0.5 * dot(r, r)
        guard cost.isFinite else {
            return OptimizationResult(x: x, value: cost, iterations: 0, evaluations: 1, status: .nonFiniteStart)
        }
        var (normal, gradient) = Self.normalEquations(jacobian, r, m: m, n: n)
        var mu = 1e-3 * (0..<n).map { normal[$0 * n + $0] }.max()!, nu = 2.0
        var status = OptimizationResult.Status.maxIterations, iterations = 0
        var trialR = r, trialJ = jacobian
        while iterations < maxIterations {
            iterations += 1
            if cost == 0 { status = .exact; break }
            if maxNorm(gradient) <= gradientTolerance * cost { status = .gradientConverged; break }
            var damped = normal
            for i in 0..<n { damped[i * n + i] += mu * max(normal[i * n + i], 1e-300) }
            guard let step = solveSymmetric(damped, gradient.map { -$0 }, n: n) else { mu *= nu; nu *= 2; continue }
            if maxNorm(step) <= stepTolerance * (1 + maxNorm(x)) { status = .stepConverged; break }
            let trial = zip(x, step).map { $0 + $1 }
            residuals(trial, &trialR, &trialJ)
            evaluations += 1
            let trialCost = 0.5 * dot(trialR, trialR)
            var predicted = 0.0
            for i in 0..<n {
                predicted += 0.5 * step[i] * (mu * max(normal[i * n + i], 1e-300) * step[i] - gradient[i])
            }
            let ratio = trialCost.isFinite ? (cost - trialCost) / predicted : -1
            if ratio > 0 {
                let previous = cost
                (x, r, jacobian, cost) = (trial, trialR, trialJ, trialCost)
                (normal, gradient) = Self.normalEquations(jacobian, r, m: m, n: n)
                mu *= max(1.0 / 3, 1 - pow3(2 * ratio - 1))
                nu = 2
                if previous - cost <= objectiveTolerance * previous { status = .objectiveConverged; break }
            } else {
                mu *= nu
                nu *= 2
            }
        }
        return OptimizationResult(x: x, value: cost, iterations: iterations, evaluations: evaluations, status: status)
    }

    /// JᵀJ (n×n, row-major) and Jᵀr.
    static func normalEquations(_ jacobian: [Double], _ r: [Double], m: Int, n: Int) -> ([Double], [Double]) {
        var normal = [Double](repeating: 0, count: n * n), gradient = [Double](repeating: 0, count: n)
        for i in 0..<m {
            for a in 0..<n {
                let ja = jacobian[i * n + a]
                gradient[a] += ja * r[i]
                for b in 0...a { normal[a * n + b] += ja * jacobian[i * n + b] }
            }
        }
        for a in 0..<n { for b in 0..<a { normal[b * n + a] = normal[a * n + b] } }
        return (normal, gradient)
    }
}

@inline(__always)
private func pow3(_ v: Double) -> Double { v * v * v }

/// Solves the symmetric positive-definite system A·x = b (A row-major n×n) by Cholesky; nil if A is not SPD.
func solveSymmetric(_ a: [Double], _ b: [Double], n: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
        for j in 0...i {
            var sum = a[i * n + j]
            for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
            if i == j {
                guard sum > 0, sum.isFinite else { return nil }
                l[i * n + i] = sum.squareRoot()
            } else {
                l[i * n + j] = sum / l[j * n + j]
            }
        }
    }
    var y = b
    for i in 0..<n {
        for k in 0..<i { y[i] -= l[i * n + k] * y[k] }
        y[i] /= l[i * n + i]
    }
    for i in stride(from: n - 1, through: 0, by: -1) {
        for k in (i + 1)..<n { y[i] -= l[k * n + i] * y[k] }
        y[i] /= l[i * n + i]
    }
    return y
}
