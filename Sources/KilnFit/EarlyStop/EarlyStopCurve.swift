import Foundation

/// One run of a sweep as the early-stopping rule sees it: its full planned schedule and the values of the metric
/// logged so far.
package struct EarlyStopCurve: Sendable, Equatable {
    /// The run's name.
    package var run: String
    /// The planned learning rate of every step of the run, 0 to its last (raw units): the schedule it will follow.
    package var plannedRates: [Double]
    /// Logged steps, increasing.
    package var steps: [Int]
    /// The metric at each logged step.
    package var values: [Double]
    /// Whether the run trained to its end (its last value is observed, not predicted).
    package var finished: Bool
    /// Whether the rule stopped the run: its rows still inform the joint fit, but it is no candidate for the best.
    package var pruned = false

    /// A curve; rows with a non-finite or non-positive value, or past the plan, are left out.
    package init(run: String, plannedRates: [Double], steps: [Int], values: [Double], finished: Bool) {
        let rows = zip(steps, values).filter { $0.0 >= 0 && $0.0 < plannedRates.count && $0.1.isFinite && $0.1 > 0 }
        self.run = run
        self.plannedRates = plannedRates
        self.steps = rows.map { $0.0 }
        self.values = rows.map { $0.1 }
        self.finished = finished
    }

    /// Steps of the whole run.
    package var totalSteps: Int { plannedRates.count }

    /// The steps of linear warmup that begin the plan: up to its first peak when the rate rises at the start.
    package var warmupSteps: Int {
        guard plannedRates.count > 1, plannedRates[1] > plannedRates[0] else { return 0 }
        var i = 1
        while i + 1 < plannedRates.count && plannedRates[i + 1] > plannedRates[i] { i += 1 }
        return i + 1
    }

    /// The curve up to and including `step`, not finished (unless `step` is its last).
    package func truncated(through step: Int) -> EarlyStopCurve {
        let kept = steps.prefix { $0 <= step }.count
        var curve = EarlyStopCurve(
            run: run, plannedRates: plannedRates, steps: Array(steps.prefix(kept)),
            values: Array(values.prefix(kept)), finished: finished && step >= totalSteps - 1)
        curve.pruned = pruned
        return curve
    }

    /// The logged rows as a loss curve with their planned learning rates.
    func lossCurve() throws -> LossCurve {
        try LossCurve(
            run: run, steps: steps, lrs: steps.map { plannedRates[$0] }, losses: values, warmupSteps: warmupSteps)
    }

    /// The metric at `step`, smoothed: the geometric mean of the logged rows up to `step` over the last 2% of the
    /// run, and at least the last 3 rows (a training loss is noisy from batch to batch); nil before the first row.
    package func smoothed(at step: Int) -> Double? {
        let upper = steps.prefix { $0 <= step }.count
        guard upper > 0 else { return nil }
        let span = max(1, totalSteps / 50)
        var lower = upper - 1
        while lower > 0 && (steps[lower - 1] > step - span || upper - lower < 3) { lower -= 1 }
        let rows = values[lower..<upper]
        return exp(rows.reduce(0) { $0 + log($1) } / Double(rows.count))
    }

    /// The smoothed value at the latest logged step.
    package var latest: Double? { steps.last.flatMap(smoothed(at:)) }
}
