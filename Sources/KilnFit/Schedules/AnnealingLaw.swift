import Foundation

/// The LR-annealing law (Tissue et al. 2024, "Scaling Law with Learning Rate Annealing"):
/// L(s) = L0 + A·S1^(−α) − C·S2, with S1 = Σ_{i≤s} ηᵢ the forward area and S2 = Σ_{i≤s} mᵢ the annealing
/// area, mᵢ = λ·m_{i−1} + (η_{i−1} − ηᵢ). Warmup steps count as if the LR were already at its peak.
package struct AnnealingLaw: LossCurveLaw, Equatable {
    /// Irreducible loss L0.
    package var L0: Double
    /// Coefficient A of the forward-area term.
    package var A: Double
    /// Exponent α of the forward area.
    package var alpha: Double
    /// Coefficient C of the annealing area.
    package var C: Double
    /// Momentum decay λ of the annealing area.
    package var lambda: Double

    /// Creates the law.
    package init(L0: Double, A: Double, alpha: Double, C: Double, lambda: Double = 0.999) {
        self.L0 = L0
        self.A = A
        self.alpha = alpha
        self.C = C
        self.lambda = lambda
    }

    /// Machine name of the law.
    package static var name: String { "annealing" }
    /// Human title with the formula.
    package static var title: String { "LR-annealing law (Tissue et al. 2024): L = L0 + A*S1^-alpha - C*S2" }

    /// Fitted values, named as in JSON.
    package var estimates: [Estimate] {
        [Estimate("L0", L0), Estimate("A", A), Estimate("alpha", alpha), Estimate("C", C), Estimate("lambda", lambda)]
    }

    /// Predicted loss at `steps` of the schedule `lrs` (raw units) whose first `warmupSteps` are warmup.
    package func predict(lrs: [Double], warmupSteps: Int, at steps: [Int]) -> [Double] {
        let (s1, s2) = Self.areas(lrs: lrs, warmupSteps: warmupSteps, lambda: lambda)
        return steps.map { L0 + A * pow(s1[$0], -alpha) - C * s2[$0] }
    }

    /// Forward area S1 and annealing area S2 at every step of `lrs`, the first `warmupSteps` taken at the peak
    /// (the LR at the last warmup step).
    package static func areas(lrs: [Double], warmupSteps: Int, lambda: Double) -> (s1: [Double], s2: [Double]) {
        guard !lrs.isEmpty else { return ([], []) }
        let warmup = min(warmupSteps, lrs.count)
        let peak = warmup > 0 ? lrs[warmup - 1] : lrs[0]
        var s1 = [Double](repeating: 0, count: lrs.count), s2 = s1
        var forward = 0.0, annealing = 0.0, momentum = 0.0, previous = warmup > 0 ? peak : lrs[0]
        for n in lrs.indices {
            let lr = n < warmup ? peak : lrs[n]
            forward += lr
            momentum = lambda * momentum + (previous - lr)
            annealing += momentum
            previous = lr
            s1[n] = forward
            s2[n] = annealing
        }
        return (s1, s2)
    }
}
