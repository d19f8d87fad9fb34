/// A line search for the strong Wolfe conditions: bracketing then zoom with safeguarded cubic
/// interpolation (Nocedal & Wright, *Numerical Optimization*, 2nd ed., Algorithms 3.5 and 3.6).
///
/// A non-finite objective at a trial step is treated as "too far": the bracket shrinks towards
/// the last finite point, so objectives may return `.infinity` outside their domain.
struct WolfeLineSearch: Sendable {
    /// c1, the sufficient-decrease constant.
    var sufficientDecrease = 1e-4
    /// c2, the curvature constant (0.9 suits quasi-Newton directions).
    var curvature = 0.9
    /// Objective evaluations allowed per search.
    var maxEvaluations = 40

    /// One evaluated step along the search direction.
    struct Trial {
        var step: Double
        var value: Double
        var slope: Double
        var x: [Double]
        var gradient: [Double]
    }

    /// Searches along `direction` from `start` (whose `slope` must be negative) beginning at step `initial`.
    /// Returns a point with sufficient decrease (satisfying the curvature condition when one was found),
    /// or nil when no step decreased the objective.
    func search(
        from start: Trial, direction: [Double], initial: Double,
        objective: DifferentiableObjective, evaluations: inout Int
    ) -> Trial? {
        let f0 = start.value, slope0 = start.slope
        var used = 0
        func evaluate(_ step: Double) -> Trial {
            var x = start.x
            for i in x.indices { x[i] += step * direction[i] }
            var gradient = [Double](repeating: 0, count: x.count)
            let value = objective(x, &gradient)
            var slope = 0.0
            for i in x.indices { slope += gradient[i] * direction[i] }
            used += 1
            evaluations += 1
            return Trial(step: step, value: value.isNaN ? .infinity : value, slope: slope, x: x, gradient: gradient)
        }
        func decreasesEnough(_ t: Trial) -> Bool {
            t.value.isFinite && t.slope.isFinite && t.value <= f0 + sufficientDecrease * t.step * slope0
        }

        func zoom(_ low: Trial, _ high: Trial) -> Trial? {
            var low = low, high = high
            while used < maxEvaluations {
                let width = high.step - low.step
                if abs(width) <= 1e-15 * max(1, abs(low.step)) { break }
                var step = low.step + 0.5 * width
                if high.value.isFinite && high.slope.isFinite, let cubic = Self.cubicMinimizer(low, high) {
                    let lo = min(low.step, high.step) + 0.1 * abs(width)
                    let hi = max(low.step, high.step) - 0.1 * abs(width)
                    step = min(max(cubic, lo), hi)
                }
                let trial = evaluate(step)
                if !decreasesEnough(trial) || trial.value >= low.value {
                    high = trial
                } else {
                    if abs(trial.slope) <= -curvature * slope0 { return trial }
                    if trial.slope * (high.step - low.step) >= 0 { high = low }
                    low = trial
                }
            }
            return low.step > 0 ? low : nil
        }

        var previous = start
        var step = initial
        while used < maxEvaluations {
            let trial = evaluate(step)
            if !decreasesEnough(trial) || (previous.step > 0 && trial.value >= previous.value) {
                return zoom(previous, trial)
            }
            if abs(trial.slope) <= -curvature * slope0 { return trial }
            if trial.slope >= 0 { return zoom(trial, previous) }
            previous = trial
            step *= 4
        }
        return previous.step > 0 ? previous : nil
    }

    /// Minimiser of the cubic through two points with their slopes (N&W eq. 3.59), or nil when it has none.
    static func cubicMinimizer(_ p: Trial, _ q: Trial) -> Double? {
        let d1 = p.slope + q.slope - 3 * (p.value - q.value) / (p.step - q.step)
        let radicand = d1 * d1 - p.slope * q.slope
        guard radicand >= 0 else { return nil }
        let d2 = (q.step > p.step ? 1.0 : -1.0) * radicand.squareRoot()
        let denominator = q.slope - p.slope + 2 * d2
        guard denominator != 0 else { return nil }
        let step = q.step - (q.step - p.step) * (q.slope + d2 - d1) / denominator
        return step.isFinite ? step : nil
    }
}
