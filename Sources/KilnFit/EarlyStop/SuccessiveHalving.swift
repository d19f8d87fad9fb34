/// Step-matched successive halving, the rule of ASHA/Hyperband as Optuna, Ray Tune and W&B apply it: at each rung
/// (a check step, the same fraction of every run) the runs still training are ranked by their metric at that step
/// (smoothed, `EarlyStopCurve.smoothed(at:)`) and only the best ⌈n/η⌉ continue.
package struct SuccessiveHalving: Sendable {
    /// The reduction factor η.
    package var eta: Int

    /// Successive halving keeping 1/`eta` of the runs at each rung.
    package init(eta: Int = 3) {
        self.eta = max(2, eta)
    }

    /// The runs of `values` (each run's metric at the rung) that continue: the ⌈n/η⌉ lowest, ties by name.
    package func survivors(_ values: [String: Double]) -> Set<String> {
        let keep = (values.count + eta - 1) / eta
        return Set(values.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.prefix(keep).map(\.key))
    }
}
