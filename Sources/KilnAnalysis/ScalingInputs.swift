import KilnFit

/// What a scaling fit of a sweep is made from: each succeeded run's final metric, N, D and C.
package struct ScalingInputs: Sendable {
    /// One point per succeeded run that logged the metric and has planned N and D; its FLOPs are the
    /// run's `budget` parameter for an `isoflop:` run (so runs of one budget group exactly), else its planned FLOPs.
    package var data: ScalingData
    /// The final metric used as the loss (named by the user, else ``DefaultMetric``'s rule).
    package var metric: String
    /// Whether the runs carry an `isoflop:` `budget`, as the runs of a scaling sweep do.
    package var isoFLOPGrid: Bool
}

/// What a loss-curve-law fit of a sweep is made from: each run's curve of a metric against its logged LR.
package struct LossCurveInputs: Sendable {
    /// One curve per run with at least three steps that logged both the metric and `lr`, named by run.
    package var curves: [LossCurve]
    /// The metric used as the loss (named by the user, else `train/loss`).
    package var metric: String
}
