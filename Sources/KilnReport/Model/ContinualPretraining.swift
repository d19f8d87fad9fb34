/// How to read a continual-pretraining sweep: which runs rewarm, which are baselines, which losses matter.
///
/// The report draws `upstreamMetric` and `downstreamMetric` through each run in `runIDs`, labelled
/// by `settingKeys` (e.g. warmup, peak LR, replay fraction), with the baselines dashed.
package struct ContinualPretraining: Sendable {
    /// Validation loss on the original (pretraining) data, e.g. `val/pile/loss`.
    package var upstreamMetric: String
    /// Validation loss on the new data, e.g. `val/slimpajama/loss`.
    package var downstreamMetric: String
    /// Parameters that distinguish the settings, e.g. `["warmup", "peak_lr", "replay"]`.
    package var settingKeys: [String]
    /// The continued runs.
    package var runIDs: [Int64]
    /// From-scratch (or otherwise reference) runs drawn dashed.
    package var baselineRunIDs: [Int64]

    /// A continual-pretraining view from its parts.
    package init(
        upstreamMetric: String, downstreamMetric: String, settingKeys: [String], runIDs: [Int64],
        baselineRunIDs: [Int64]
    ) {
        self.upstreamMetric = upstreamMetric
        self.downstreamMetric = downstreamMetric
        self.settingKeys = settingKeys
        self.runIDs = runIDs
        self.baselineRunIDs = baselineRunIDs
    }
}
