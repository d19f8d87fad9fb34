import Foundation

/// The multi-power law (Luo et al. 2025, "A Multi-Power Law for Loss Curve Prediction Across Learning
/// Rate Schedules"): L(t) = L0 + A·(S1(t) + S_W)^(−α) − LD(t), with
/// LD(t) = B·Σ_k (η_{k−1} − η_k)·G(η_k^(−γ)·S_k(t)), G(x) = 1 − (C·x + 1)^(−β), S_k(t) = Σ_{τ=k..t} η_τ,
/// S1 the LR sum after warmup and S_W the LR sum of warmup.
public struct MultiPowerLaw: LossCurveLaw, Equatable {
    /// Irreducible loss L0.
    public var L0: Double
    /// Coefficient A of the power term.
    public var A: Double
    /// Exponent α of the power term.
    public var alpha: Double
    /// Coefficient B of the loss drop.
    public var B: Double
    /// Scale C inside G.
    public var C: Double
    /// Exponent β of G, in (0, 1).
    public var beta: Double
    /// Exponent γ of the LR in G's argument, in (0, 1).
    public var gamma: Double

    /// Creates the law.
    public init(L0: Double, A: Double, alpha: Double, B: Double, C: Double, beta: Double, gamma: Double) {
        self.L0 = L0
        self.A = A
        self.alpha = alpha
        self.B = B
        self.C = C
        self.beta = beta
        self.gamma = gamma
    }

    /// Machine name of the law.
    public static var name: String { "multipower" }
    /// Human title with the formula.
    public static var title: String { "Multi-power law (Luo et al. 2025): L = L0 + A*(S1+S_W)^-alpha - LD" }

    /// Fitted values, named as in JSON.
    public var estimates: [Estimate] {
        [Estimate("L0", L0), Estimate("A", A), Estimate("alpha", alpha), Estimate("B", B), Estimate("C", C),
         Estimate("beta", beta), Estimate("gamma", gamma)]
    }

    /// Predicted loss at `steps` of the schedule `lrs` (raw units) whose first `warmupSteps` are warmup.
    public func predict(lrs: [Double], warmupSteps: Int, at steps: [Int]) -> [Double] {
        let trace = MultiPowerTrace(lrs: lrs, warmupSteps: warmupSteps, steps: steps, losses: steps.map { _ in 1 })
        var gradient = [Double](repeating: 0, count: 7)
        let scales = trace.argumentScales(gamma: gamma)
        return trace.rows.indices.map {
            trace.predict(row: $0, law: self, scales: scales, gradient: &gradient, withGradient: false)
        }
    }
}

/// A schedule prepared for the multi-power law: prefix sums of the LR and the steps where it changes.
struct MultiPowerTrace: Sendable {
    /// A logged row: its step, its log loss, and the LR sum up to it (warmup included).
    struct Row: Sendable { var step: Int; var logLoss: Double; var area: Double }
    let warmup: Int
    /// prefix[n] = Σ_{τ=W..n} η_τ for n ≥ W.
    let prefix: [Double]
    /// Steps k ≥ W where the LR changes, with d_k = η_{k−1} − η_k and log η_k (−∞ for η_k = 0); merged into
    /// at most about `maxDropNodes` nodes for long schedules (see `init`).
    let dropSteps: [Int], drops: [Double], logLRs: [Double]
    let rows: [Row]

    /// Prepares `lrs` for evaluation at the logged `steps`. When the LR changes at more than `maxDropNodes` steps
    /// (a cosine changes at every step), consecutive changes are merged into nodes of equal count — never across
    /// a logged step, so each node lies wholly before or after every row — placed at their drop-weighted mean
    /// step with their summed drop (a midpoint rule for the sum in LD).
    init(lrs: [Double], warmupSteps: Int, steps: [Int], losses: [Double], maxDropNodes: Int = 1024) {
        let warmup = min(warmupSteps, lrs.count)
        var prefix = [Double](repeating: 0, count: lrs.count), running = 0.0, warmupSum = 0.0
        var dropSteps: [Int] = [], drops: [Double] = [], logLRs: [Double] = []
        for n in lrs.indices {
            if n < warmup { warmupSum += lrs[n]; continue }
            running += lrs[n]
            prefix[n] = running
            if n > 0 && lrs[n - 1] != lrs[n] {  // k = W compares with the warmup's last step, at the peak
                dropSteps.append(n)
                drops.append(lrs[n - 1] - lrs[n])
                logLRs.append(lrs[n] > 0 ? log(lrs[n]) : -.infinity)
            }
        }
        var partial = 0.0
        var partialSums = [Double](repeating: 0, count: warmup)
        for n in 0..<warmup { partial += lrs[n]; partialSums[n] = partial }
        self.warmup = warmup
        self.prefix = prefix
        if dropSteps.count > maxDropNodes {
            (dropSteps, drops) = Self.merge(dropSteps, drops, rowSteps: steps, size: (dropSteps.count + maxDropNodes - 1) / maxDropNodes)
            logLRs = dropSteps.map { lrs[$0] > 0 ? log(lrs[$0]) : -.infinity }
        }
        self.dropSteps = dropSteps
        self.drops = drops
        self.logLRs = logLRs
        rows = zip(steps, losses).map { step, loss in
            Row(step: step, logLoss: log(loss), area: step < warmup ? partialSums[step] : warmupSum + prefix[step])
        }
    }

    /// Groups of `size` consecutive drops, closed early at logged steps, as (|drop|-weighted mean step, summed drop).
    private static func merge(_ steps: [Int], _ drops: [Double], rowSteps: [Int], size: Int) -> ([Int], [Double]) {
        var nodes: [Int] = [], sums: [Double] = []
        var row = 0, count = 0, firstStep = 0, lastStep = 0, weighted = 0.0, weight = 0.0, total = 0.0
        func close() {
            guard count > 0 else { return }
            let mean = weight > 0 ? Int((weighted / weight).rounded()) : firstStep
            nodes.append(min(max(mean, firstStep), lastStep))
            sums.append(total)
            (count, weighted, weight, total) = (0, 0, 0, 0)
        }
        for (k, d) in zip(steps, drops) {
            // A logged step between the group's first drop and this one closes the group.
            while row < rowSteps.count && rowSteps[row] < k {
                if count > 0 && rowSteps[row] >= firstStep { close() }
                row += 1
            }
            if count == size { close() }
            if count == 0 { firstStep = k }
            lastStep = k
            count += 1
            weighted += Double(k) * abs(d)
            weight += abs(d)
            total += d
        }
        close()
        return (nodes, sums)
    }

    /// η_k^(−γ) for every step k where the LR changes (0 where η_k = 0).
    func argumentScales(gamma: Double) -> [Double] {
        logLRs.map { $0 == -.infinity ? 0 : exp(-gamma * $0) }
    }

    /// The law's loss at row `index`, given `scales` = `argumentScales(gamma:)`; when `withGradient`, writes ∂L̂/∂θ for
    /// θ = (log L0, log A, α, log B, log C, logit β, logit γ) (the objective maps log B to its bounded form).
    @inline(__always)
    func predict(row index: Int, law: MultiPowerLaw, scales: [Double], gradient: inout [Double], withGradient: Bool) -> Double {
        let row = rows[index]
        let power = law.A * exp(-law.alpha * log(row.area))
        var drop = 0.0, dC = 0.0, dBeta = 0.0, dGamma = 0.0
        if row.step >= warmup {
            let total = prefix[row.step], beta = law.beta, c = law.C
            var j = 0
            while j < dropSteps.count && dropSteps[j] <= row.step {
                let k = dropSteps[j], d = drops[j]
                let logLR = logLRs[j]
                if logLR == -.infinity { drop += d; j += 1; continue }
                let x = scales[j] * (total - prefix[k - 1])
                let z = c * x + 1, logZ = log(z)
                let decay = exp(-beta * logZ)
                drop += d * (1 - decay)
                if withGradient {
                    let slope = beta * decay / z      // dG/d(Cx)
                    dC += d * slope * x
                    dBeta += d * logZ * decay
                    dGamma -= d * slope * c * x * logLR
                }
                j += 1
            }
        }
        if withGradient {
            gradient[0] = law.L0
            gradient[1] = power
            gradient[2] = -power * log(row.area)
            gradient[3] = -law.B * drop
            gradient[4] = -law.B * dC * law.C
            gradient[5] = -law.B * dBeta * law.beta * (1 - law.beta)
            gradient[6] = -law.B * dGamma * law.gamma * (1 - law.gamma)
        }
        return law.L0 + power - law.B * drop
    }
}
