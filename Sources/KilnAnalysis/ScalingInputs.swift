import KilnFit

/// What a scaling fit of a sweep is made from: each succeeded run's final metric, N, D and C.
public struct ScalingInputs: Sendable {
    /// One point per succeeded run that logged the metric and has planned N and D; its FLOPs are the
    /// run's `budget` parameter for an `isoflop:` run (so runs of one budget group exactly), else its planned FLOPs.
    public var data: ScalingData
    /// The final metric used as the loss (named by the user, else ``DefaultMetric``'s rule).
    public var metric: String
    /// Whether the runs carry an `isoflop:` `budget`, as the runs of a scaling sweep do.
    public var isoFLOPGrid: Bool
}

/// What a loss-curve-law fit of a sweep is made from: each run's curve of a metric against its logged LR.
public struct LossCurveInputs: Sendable {
    /// One curve per run with at least three steps that logged both the metric and `lr`, named by run.
    public var curves: [LossCurve]
    /// The metric used as the loss (named by the user, else `train/loss`).
    public var metric: String
}
