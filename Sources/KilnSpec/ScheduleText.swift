import KilnLearningRate
import Yams

/// A schedule written on its own, as `kiln schedule` takes it: the mapping a spec's `schedule:` holds,
/// in YAML or JSON (`{kind: wsd, peak: 3e-3, warmup: 0.01, decay: 0.2, shape: 1-sqrt}`).
package enum ScheduleText {
    /// The schedule `text` describes for a run of `steps` steps, resolved exactly as a spec's
    /// `schedule:` is (fractions of the run, `_steps` lengths, ratios of the peak, expressions over
    /// `steps`). The peak must be given (`peak:`): there is no `lr` parameter. Errors name `file` and
    /// the line and column inside `text`.
    package static func parse(_ text: String, steps: Int, file: String) throws(SpecError) -> ScheduleSpec {
        let root = try SweepSpec.compose(text, file: file)
        var locations = ["schedule": root.location]
        if case .mapping(_) = root.node {
            for entry in try root.entries() { locations["schedule.\(entry.key)"] = entry.value.location }
        }
        guard steps > 0 else {
            throw SpecError(.invalidValue(key: "steps", reason: "must be positive, found \(steps)"), at: root.location)
        }
        let resolver = ScheduleResolver(
            values: ["steps": Double(steps)], learningRate: nil, steps: steps, parentFinalLR: nil,
            location: { locations[$0] ?? root.location })
        return try resolver.resolve(try root.value())
    }
}
