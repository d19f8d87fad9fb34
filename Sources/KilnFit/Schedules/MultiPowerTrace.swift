import Foundation

/// A curve prepared for the multi-power law: the rows it is evaluated at, each with its LR sum and the quadrature
/// nodes of its loss drop (`DropQuadrature`), so an evaluation costs Σ (nodes per row), not rows × LR changes.
struct MultiPowerTrace: Sendable {
    /// An evaluated row: its step, log loss and weight in the objective, LR sum up to it (warmup included), its
    /// nodes in `nodes` and its drops to a zero LR.
    struct Row: Sendable {
        var step: Int, logLoss: Double, weight: Double, area: Double
        var nodes: Range<Int>, zeroDrop: Double
    }

    let rows: [Row]
    let nodes: [DropQuadrature.Node]

    /// Prepares the rows at `steps` (with `losses` and objective `weights`) of the schedule `quadrature`.
    init(quadrature: DropQuadrature, steps: [Int], losses: [Double], weights: [Double]) {
        var nodes: [DropQuadrature.Node] = [], rows: [Row] = []
        rows.reserveCapacity(steps.count)
        for i in steps.indices {
            let first = nodes.count
            let zeroDrop = quadrature.nodes(at: steps[i], into: &nodes)
            rows.append(
                Row(
                    step: steps[i], logLoss: log(losses[i]), weight: weights[i], area: quadrature.area(at: steps[i]),
                    nodes: first..<nodes.count, zeroDrop: zeroDrop))
        }
        self.rows = rows
        self.nodes = nodes
    }

    /// The law's loss at row `index`; when `withGradient`, writes ∂L̂/∂θ for
    /// θ = (log L0, log A, α, log B, log C, logit β, logit γ) (the objective maps log B to its bounded form).
    @inline(__always)
    func predict(row index: Int, law: MultiPowerLaw, gradient: inout [Double], withGradient: Bool) -> Double {
        let row = rows[index]
        return Self.loss(
            law: law, area: row.area, nodes: nodes[row.nodes], zeroDrop: row.zeroDrop,
            gradient: &gradient, withGradient: withGradient)
    }

    /// L0 + A·area^(−α) − B·(zeroDrop + Σ_nodes D·(1 − (C·e^(log a − γ·log η) + 1)^(−β))), and its gradient in θ.
    @inline(__always)
    static func loss(
        law: MultiPowerLaw, area: Double, nodes: ArraySlice<DropQuadrature.Node>, zeroDrop: Double,
        gradient: inout [Double], withGradient: Bool
    ) -> Double {
        let logArea = log(area)
        let power = law.A * exp(-law.alpha * logArea)
        let beta = law.beta, c = law.C, gamma = law.gamma
        var drop = zeroDrop, dC = 0.0, dBeta = 0.0, dGamma = 0.0
        for node in nodes {
            let x = exp(node.logArea - gamma * node.logLR)
            let z = c * x + 1, logZ = log(z)
            let decay = exp(-beta * logZ)
            drop += node.drop * (1 - decay)
            if withGradient {
                let slope = beta * decay / z  // dG/d(Cx)
                dC += node.drop * slope * x
                dBeta += node.drop * logZ * decay
                dGamma -= node.drop * slope * c * x * node.logLR
            }
        }
        if withGradient {
            gradient[0] = law.L0
            gradient[1] = power
            gradient[2] = -power * logArea
            gradient[3] = -law.B * drop
            gradient[4] = -law.B * dC * c
            gradient[5] = -law.B * dBeta * beta * (1 - beta)
            gradient[6] = -law.B * dGamma * gamma * (1 - gamma)
        }
        return law.L0 + power - law.B * drop
    }
}
