import KilnFit

/// What a D-CPT fit of a sweep is made from: each continual-pretraining run's final general and domain losses
/// with its N, D and domain ratio.
package struct MixtureInputs: Sendable {
    /// One point per succeeded run (with a parent, when the sweep has any) that logged both metrics.
    package var data: MixtureData
    /// The final metric used as the general loss.
    package var generalMetric: String
    /// The final metric used as the domain loss.
    package var domainMetric: String
    /// The mixture source whose share is the domain ratio r (the domain metric's set).
    package var domainSource: String
}
