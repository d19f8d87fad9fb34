/// A law that predicts a whole loss curve from its learning-rate schedule.
package protocol LossCurveLaw: Sendable {
    /// Machine name of the law: `annealing` or `multipower`.
    static var name: String { get }
    /// Human title with the formula.
    static var title: String { get }
    /// The fitted values, named as in JSON.
    var estimates: [Estimate] { get }
    /// Predicted loss at `steps` of a schedule with learning rate `lrs[n]` at step n (raw units), whose
    /// first `warmupSteps` steps are linear warmup.
    func predict(lrs: [Double], warmupSteps: Int, at steps: [Int]) -> [Double]
}

extension LossCurveLaw {
    /// Predicted loss at every step of the schedule `lrs`.
    package func predict(lrs: [Double], warmupSteps: Int = 0) -> [Double] {
        predict(lrs: lrs, warmupSteps: warmupSteps, at: Array(lrs.indices))
    }

    /// Predicted loss at the logged steps of `curve`, from its schedule alone.
    package func predict(_ curve: LossCurve) -> [Double] {
        predict(lrs: curve.denseLearningRates, warmupSteps: curve.effectiveWarmupSteps, at: curve.steps)
    }

    /// How well the law predicts `curve` at the steps from `fromStep` (the curve is predicted at every step).
    package func prediction(for curve: LossCurve, fromStep: Int = 0) -> CurvePrediction {
        CurvePrediction(
            run: curve.run, steps: curve.steps, observed: curve.losses, predicted: predict(curve), fromStep: fromStep)
    }
}

/// A law's prediction of one run's curve and its relative errors |predicted − observed| / observed at the steps
/// from `fromStep` (the fit window's start: the initial transient is no part of what a law predicts).
package struct CurvePrediction: Sendable, Equatable {
    /// The predicted run.
    package var run: String
    /// Logged steps.
    package var steps: [Int]
    /// Logged losses.
    package var observed: [Double]
    /// Predicted losses at the same steps.
    package var predicted: [Double]
    /// First step whose error counts.
    package var fromStep: Int

    /// A prediction whose errors count from `fromStep`.
    package init(run: String, steps: [Int], observed: [Double], predicted: [Double], fromStep: Int = 0) {
        self.run = run
        self.steps = steps
        self.observed = observed
        self.predicted = predicted
        self.fromStep = fromStep
    }

    /// Relative error at each logged step from `fromStep`.
    package var relativeErrors: [Double] {
        zip(steps, zip(predicted, observed)).compactMap { step, pair in
            step >= fromStep ? abs(pair.0 - pair.1) / pair.1 : nil
        }
    }
    /// Mean relative error from `fromStep`.
    package var meanRelativeError: Double {
        let errors = relativeErrors
        return errors.reduce(0, +) / Double(max(1, errors.count))
    }
    /// Worst relative error from `fromStep` (NaN predictions count as infinite).
    package var maxRelativeError: Double { relativeErrors.map { $0.isNaN ? .infinity : $0 }.max() ?? 0 }
    /// Relative error at the last logged step.
    package var finalRelativeError: Double { relativeErrors.last ?? 0 }
}
