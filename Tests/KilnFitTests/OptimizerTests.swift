import Foundation
import Testing
@testable import KilnFit

/// Rosenbrock's function and its gradient; minimum 0 at (1, 1).
func rosenbrock(_ x: [Double], _ g: inout [Double]) -> Double {
    let (a, b) = (x[0], x[1])
    g[0] = -2 * (1 - a) - 400 * a * (b - a * a)
    g[1] = 200 * (b - a * a)
    return (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a)
}

/// Σ 10^(i) (xᵢ − (i+1))² for i = 0…5: condition number 1e5, minimum 0 at (1, 2, …, 6).
func badlyScaledQuadratic(_ x: [Double], _ g: inout [Double]) -> Double {
    var f = 0.0
    for i in x.indices {
        let scale = pow(10, Double(i)), d = x[i] - Double(i + 1)
        f += scale * d * d
        g[i] = 2 * scale * d
    }
    return f
}

@Suite struct OptimizerTests {
    @Test("L-BFGS finds Rosenbrock's minimum from the classic start")
    func lbfgsRosenbrock() {
        let result = LBFGS().minimize(from: [-1.2, 1], rosenbrock)
        #expect(result.converged)
        #expect(abs(result.x[0] - 1) < 1e-6 && abs(result.x[1] - 1) < 1e-6)
        #expect(result.value < 1e-12)
    }

    @Test("L-BFGS finds the minimum of a badly scaled quadratic")
    func lbfgsBadlyScaled() {
        let result = LBFGS().minimize(from: [Double](repeating: 0, count: 6), badlyScaledQuadratic)
        for i in 0..<6 { #expect(abs(result.x[i] - Double(i + 1)) < 1e-6) }
    }

    @Test("L-BFGS's stopping tests are relative: the same problem scaled by 1e-9 converges to the same point")
    func lbfgsScaleInvariant() {
        // A quadratic with minimum value 1 (not 0), so only relative tests can judge convergence.
        func shifted(_ scale: Double) -> DifferentiableObjective {
            { x, g in
                let f = badlyScaledQuadratic(x, &g) + 1
                for i in g.indices { g[i] *= scale }
                return f * scale
            }
        }
        let start = [Double](repeating: 0, count: 6)
        let unit = LBFGS().minimize(from: start, shifted(1)), tiny = LBFGS().minimize(from: start, shifted(1e-9))
        for i in 0..<6 {
            #expect(abs(tiny.x[i] - Double(i + 1)) < 1e-6)
            #expect(abs(tiny.x[i] - unit.x[i]) < 1e-6)
        }
    }

    @Test("L-BFGS backs off from steps where the objective is not finite")
    func lbfgsNonFiniteRegion() {
        // f = x − log x has its minimum at 1 and is undefined for x ≤ 0; the first step overshoots into it.
        let result = LBFGS().minimize(from: [0.01]) { x, g in
            guard x[0] > 0 else { return .infinity }
            g[0] = 1 - 1 / x[0]
            return x[0] - log(x[0])
        }
        #expect(abs(result.x[0] - 1) < 1e-6)
    }

    @Test("Nelder–Mead finds Rosenbrock's minimum without derivatives")
    func nelderMeadRosenbrock() {
        let result = NelderMead().minimize(from: [-1.2, 1]) { x in
            var g = [0.0, 0.0]
            return rosenbrock(x, &g)
        }
        #expect(abs(result.x[0] - 1) < 1e-4 && abs(result.x[1] - 1) < 1e-4)
    }

    @Test("Levenberg–Marquardt solves Rosenbrock as least squares and fits an exponential decay")
    func levenbergMarquardt() {
        let rosen = LevenbergMarquardt().minimize(from: [-1.2, 1], residualCount: 2) { x, r, j in
            r[0] = 10 * (x[1] - x[0] * x[0]); r[1] = 1 - x[0]
            j[0] = -20 * x[0]; j[1] = 10; j[2] = -1; j[3] = 0
        }
        #expect(abs(rosen.x[0] - 1) < 1e-8 && abs(rosen.x[1] - 1) < 1e-8)
        // y = 3·exp(−0.7 t) + 0.5, noise-free: the fit recovers (3, 0.7, 0.5).
        let t = (0..<20).map { Double($0) * 0.5 }, y = t.map { 3 * exp(-0.7 * $0) + 0.5 }
        let decay = LevenbergMarquardt().minimize(from: [1, 0.1, 0], residualCount: t.count) { x, r, j in
            for i in t.indices {
                let e = exp(-x[1] * t[i])
                r[i] = x[0] * e + x[2] - y[i]
                j[i * 3] = e; j[i * 3 + 1] = -x[0] * t[i] * e; j[i * 3 + 2] = 1
            }
        }
        #expect(abs(decay.x[0] - 3) < 1e-8 && abs(decay.x[1] - 0.7) < 1e-8 && abs(decay.x[2] - 0.5) < 1e-8)
    }

    @Test("Student-t quantiles match tables")
    func studentT() {
        #expect(abs(StudentT.quantile(0.975, degrees: 1) - 12.7062) < 1e-3)
        #expect(abs(StudentT.quantile(0.975, degrees: 3) - 3.18245) < 1e-4)
        #expect(abs(StudentT.quantile(0.975, degrees: 30) - 2.04227) < 1e-4)
    }
}

@Suite struct FallbackTests {
    @Test("Nelder–Mead takes over where L-BFGS stopped early, and leaves a converged result alone")
    func fallback() {
        let stopped = LBFGS(maxIterations: 3).minimize(from: [-1.2, 1], rosenbrock)
        #expect(!stopped.converged)
        let rescued = NelderMead.fallback(from: stopped, rosenbrock)
        #expect(rescued.value < stopped.value)
        let converged = LBFGS().minimize(from: [-1.2, 1], rosenbrock)
        #expect(NelderMead.fallback(from: converged, rosenbrock).x == converged.x)
    }
}
