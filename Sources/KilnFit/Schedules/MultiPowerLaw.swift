import Foundation

/// The multi-power law (Luo et al. 2025, "A Multi-Power Law for Loss Curve Prediction Across Learning
/// Rate Schedules"): L(t) = L0 + A·(S1(t) + S_W)^(−α) − LD(t), with
/// LD(t) = B·Σ_k (η_{k−1} − η_k)·G(η_k^(−γ)·S_k(t)), G(x) = 1 − (C·x + 1)^(−β), S_k(t) = Σ_{τ=k..t} η_τ,
/// S1 the LR sum after warmup and S_W the LR sum of warmup.
package struct MultiPowerLaw: LossCurveLaw, Equatable {
    /// Irreducible loss L0.
    package var L0: Double
    /// Coefficient A of the power term.
    package var A: Double
    /// Exponent α of the power term.
    package var alpha: Double
    /// Coefficient B of the loss drop.
    package var B: Double
    /// Scale C inside G.
    package var C: Double
    /// Exponent β of G, in (0, 1).
    package var beta: Double
    /// Exponent γ of the LR in G's argument, in (0, 1).
    package var gamma: Double

    /// Creates the law.
    package init(L0: Double, A: Double, alpha: Double, B: Double, C: Double, beta: Double, gamma: Double) {
        self.L0 = L0
        self.A = A
        self.alpha = alpha
        self.B = B
        self.C = C
        self.beta = beta
        self.gamma = gamma
    }

    /// Machine name of the law.
    package static var name: String { "multipower" }
    /// Human title with the formula.
    package static var title: String { "Multi-power law (Luo et al. 2025): L = L0 + A*(S1+S_W)^-alpha - LD" }

    /// Fitted values, named as in JSON.
    package var estimates: [Estimate] {
        [
            Estimate("L0", L0), Estimate("A", A), Estimate("alpha", alpha), Estimate("B", B), Estimate("C", C),
            Estimate("beta", beta), Estimate("gamma", gamma),
        ]
    }

    /// Predicted loss at `steps` of the schedule `lrs` (raw units) whose first `warmupSteps` are warmup; the loss
    /// drop is the `DropQuadrature` of every step's LR change (error at most 0.625% of B·Σ|d|, in practice far less).
    package func predict(lrs: [Double], warmupSteps: Int, at steps: [Int]) -> [Double] {
        let quadrature = DropQuadrature(lrs: lrs, warmupSteps: warmupSteps)
        let chunk = 4096
        return parallelMap((steps.count + chunk - 1) / chunk) { part in
            var gradient = [Double](repeating: 0, count: 7), nodes: [DropQuadrature.Node] = []
            return steps[(part * chunk)..<min(steps.count, (part + 1) * chunk)].map { step in
                nodes.removeAll(keepingCapacity: true)
                let zeroDrop = quadrature.nodes(at: step, into: &nodes)
                return MultiPowerTrace.loss(
                    law: self, area: quadrature.area(at: step), nodes: nodes[...], zeroDrop: zeroDrop,
                    gradient: &gradient, withGradient: false)
            }
        }.flatMap { $0 }
    }
}
