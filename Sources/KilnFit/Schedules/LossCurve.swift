/// One run's logged loss curve: rows (step, learning rate, loss), possibly only every k-th step.
package struct LossCurve: Sendable, Equatable {
    /// The run's name.
    package var run: String
    /// Logged steps (0-based), strictly increasing.
    package var steps: [Int]
    /// Learning rate at each logged step, in raw units (e.g. 3e-4).
    package var lrs: [Double]
    /// Loss at each logged step.
    package var losses: [Double]
    /// Steps of linear warmup from 0 to the peak that began the run (0: none, or detected from a rising start).
    package var warmupSteps: Int

    /// Validates and creates a curve; throws naming the run and the first bad row.
    package init(run: String, steps: [Int], lrs: [Double], losses: [Double], warmupSteps: Int = 0) throws {
        guard steps.count == lrs.count, steps.count == losses.count else {
            throw FitError(.unfit("run '\(run)': steps, lrs and losses differ in length"))
        }
        guard !steps.isEmpty else { throw FitError(.tooFewPoints(what: "rows in run '\(run)'", needed: 1, found: 0)) }
        for i in steps.indices {
            if steps[i] < 0 || (i > 0 && steps[i] <= steps[i - 1]) {
                throw FitError(.stepsNotIncreasing(run: run, step: steps[i]))
            }
            if !(lrs[i].isFinite && lrs[i] >= 0) {
                throw FitError(.notANumber(column: "lr", text: "\(lrs[i])"), source: "run '\(run)' step \(steps[i])")
            }
            if !(losses[i].isFinite && losses[i] > 0) {
                throw FitError(
                    .notPositive(column: "loss", text: "\(losses[i])"), source: "run '\(run)' step \(steps[i])")
            }
        }
        guard warmupSteps >= 0 else { throw FitError(.unfit("warmup steps must not be negative (\(warmupSteps))")) }
        self.run = run
        self.steps = steps
        self.lrs = lrs
        self.losses = losses
        self.warmupSteps = warmupSteps
    }

    /// The curve from a dense schedule: `lrs[n]` is the LR at step n and `loss(n)` the loss there,
    /// logged every `every` steps and at the last step.
    package init(run: String, lrs: [Double], warmupSteps: Int, every: Int, loss: (Int) -> Double) throws {
        var steps = Array(stride(from: every - 1, to: lrs.count, by: max(1, every)))
        if steps.last != lrs.count - 1 { steps.append(lrs.count - 1) }
        try self.init(
            run: run, steps: steps, lrs: steps.map { lrs[$0] }, losses: steps.map(loss), warmupSteps: warmupSteps)
    }

    /// The learning rate at every step from 0 to the last logged step: linear warmup to the peak before the
    /// first row when `warmupSteps` says so, linear interpolation between rows.
    package var denseLearningRates: [Double] {
        let last = steps.last!
        var dense = [Double](repeating: 0, count: last + 1)
        let first = steps[0]
        let warmup = effectiveWarmupSteps
        let peak = warmup > 0 ? Self.interpolate(steps, lrs, at: max(warmup - 1, first)) : lrs[0]
        for n in 0..<first {
            if n < warmup { dense[n] = peak * Double(n + 1) / Double(warmup) } else { dense[n] = lrs[0] }
        }
        for i in steps.indices {
            dense[steps[i]] = lrs[i]
            if i > 0 {
                let (s0, s1) = (steps[i - 1], steps[i])
                for n in (s0 + 1)..<s1 {
                    dense[n] = lrs[i - 1] + (lrs[i] - lrs[i - 1]) * Double(n - s0) / Double(s1 - s0)
                }
            }
        }
        return dense
    }

    /// Whether the logged learning rate falls anywhere after warmup (a decay, a step down, a cooldown).
    package var lowersLearningRate: Bool {
        let warmup = effectiveWarmupSteps
        var highest = 0.0
        for (step, lr) in zip(steps, lrs) where step + 1 >= warmup {
            if lr < highest * (1 - 1e-6) { return true }
            highest = max(highest, lr)
        }
        return false
    }

    /// Throws unless some curve of `curves` lowers its learning rate after warmup: the loss-curve laws'
    /// annealing terms (C·S2, the multi-power LD(t)) are zero on constant-LR curves and so undetermined.
    static func requireAnnealing(_ curves: [LossCurve]) throws {
        guard curves.contains(where: \.lowersLearningRate) else {
            throw FitError(
                .unfit(
                    "the runs fitted on never lower their learning rate after warmup, so the law's annealing "
                        + "terms cannot be identified; fit on at least one run whose LR decays (cosine, WSD, …)"))
        }
    }

    /// The logged rows in the fit windows of `points`; throws unless there are at least `needed`.
    static func requireRows(_ points: [FitPoints], needed: Int) throws -> Int {
        let rows = points.reduce(0) { $0 + $1.windowRows }
        guard rows >= needed else {
            let starts = points.map { "\($0.run) from step \($0.fromStep)" }.joined(separator: ", ")
            throw FitError(
                .tooFewPoints(
                    what: "logged rows in the fit window (\(starts); --from-step sets it)", needed: needed, found: rows)
            )
        }
        return rows
    }

    /// `warmupSteps`, or when it is 0 and the logged LR rises at the start, the steps up to its first peak.
    package var effectiveWarmupSteps: Int {
        if warmupSteps > 0 || lrs.count < 2 || !(lrs[1] > lrs[0]) { return warmupSteps }
        var i = 1
        while i + 1 < lrs.count && lrs[i + 1] > lrs[i] { i += 1 }
        return steps[i] + 1
    }

    private static func interpolate(_ steps: [Int], _ values: [Double], at step: Int) -> Double {
        guard let upper = steps.firstIndex(where: { $0 >= step }) else { return values.last! }
        if upper == 0 || steps[upper] == step { return values[upper] }
        let t = Double(step - steps[upper - 1]) / Double(steps[upper] - steps[upper - 1])
        return values[upper - 1] + t * (values[upper] - values[upper - 1])
    }
}
