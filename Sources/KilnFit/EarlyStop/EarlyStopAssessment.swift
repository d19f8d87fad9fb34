/// One check of a sweep by the early-stopping rule: the joint fit's predicted final value of every run with its
/// bootstrap samples, or why the fit cannot be trusted to stop anything.
package struct EarlyStopAssessment: Sendable {
    /// A run's final value: observed for a finished run, else predicted on its full planned schedule.
    package struct Final: Sendable {
        /// The point estimate (the fitted law, anchored at the run's own latest rows).
        package var point: Double
        /// One value per bootstrap refit (the observed value repeated for a finished run).
        package var samples: [Double]
        /// Whether the value was observed (the run finished).
        package var observed: Bool
        /// Whether the run was pruned (no candidate for the best).
        package var pruned = false
        /// The predicted curve from after the latest logged step to the run's end (nil when observed).
        package var path: PredictedPath?
    }

    /// The law fitted (`annealing`, `multipower`).
    package var law: String
    /// Why no run may be stopped at this check (too few runs, the fit failed or does not identify the law's
    /// annealing term); nil when it may.
    package var unidentified: String?
    /// Each run's final value, by run name.
    package var finals: [String: Final] = [:]
    /// What the law was fitted with, for messages (`λ = 0.99`); empty when nothing was held fixed.
    package var label = ""
    /// The same check with the other values of what the data do not pin down (the annealing law's λ): a run is
    /// stopped only when every one of them stops it.
    package var alternatives: [EarlyStopAssessment] = []
}

/// A predicted curve with its pointwise interval at the rule's confidence.
package struct PredictedPath: Sendable, Equatable {
    /// Steps, increasing, ending at the run's last step.
    package var steps: [Int]
    /// Predicted values.
    package var predicted: [Double]
    /// Lower ends of the interval.
    package var low: [Double]
    /// Upper ends of the interval.
    package var high: [Double]
}

/// What the rule says about one run at a check.
package struct EarlyStopVerdict: Sendable {
    /// Whether to stop the run now.
    package var stop: Bool
    /// Why, in a sentence for the log.
    package var reason: String
    /// The run's predicted final value (nil when the fit is not identified).
    package var predictedFinal: Double?
    /// The interval of `predictedFinal` at the rule's confidence.
    package var interval: Interval?
    /// The best final value of the other runs (point estimates; finished runs observed).
    package var bestFinal: Double?
    /// The run `bestFinal` belongs to.
    package var bestRun: String?
    /// The bootstrap probability that the run ends above (1 + margin) × the best.
    package var probability: Double?
    /// The run's predicted curve to its end.
    package var path: PredictedPath?
}
