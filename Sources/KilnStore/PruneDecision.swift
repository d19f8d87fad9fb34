/// Why the early-stopping rule stopped a run, as stored (`prune_decisions`) and shown by the report.
package struct PruneDecision: Sendable, Hashable {
    /// The pruned run.
    package var runID: Int64
    /// The step the rule stopped it at (its latest logged step).
    package var step: Int
    /// The metric predicted.
    package var metric: String
    /// The law fitted (`annealing`, `multipower`).
    package var law: String
    /// The run's predicted final value of the metric.
    package var predictedFinal: Double
    /// The interval of `predictedFinal` at the rule's confidence (bootstrap percentiles).
    package var low: Double
    /// Upper end of the interval.
    package var high: Double
    /// The best predicted final of the other runs (finished runs count with their observed final).
    package var bestPredicted: Double
    /// The run `bestPredicted` belongs to.
    package var bestRun: String
    /// The bootstrap probability that the run ends worse than (1 + margin) × the best.
    package var probability: Double
    /// The predicted curve from the stop step to the run's end.
    package var curve: PredictedCurve

    /// A predicted curve with its pointwise interval.
    package struct PredictedCurve: Sendable, Hashable, Codable {
        /// Steps, increasing.
        package var steps: [Int]
        /// Predicted values.
        package var predicted: [Double]
        /// Lower ends of the interval.
        package var low: [Double]
        /// Upper ends of the interval.
        package var high: [Double]

        /// A curve from its columns.
        package init(steps: [Int], predicted: [Double], low: [Double], high: [Double]) {
            self.steps = steps
            self.predicted = predicted
            self.low = low
            self.high = high
        }
    }

    /// A decision from its parts.
    package init(
        runID: Int64, step: Int, metric: String, law: String, predictedFinal: Double, low: Double, high: Double,
        bestPredicted: Double, bestRun: String, probability: Double, curve: PredictedCurve
    ) {
        self.runID = runID
        self.step = step
        self.metric = metric
        self.law = law
        self.predictedFinal = predictedFinal
        self.low = low
        self.high = high
        self.bestPredicted = bestPredicted
        self.bestRun = bestRun
        self.probability = probability
        self.curve = curve
    }
}
