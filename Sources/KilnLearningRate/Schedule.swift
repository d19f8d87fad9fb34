/// A learning-rate schedule: a pure function from a 0-based step to a learning rate.
///
/// Conventions shared by every schedule (documented in `docs/sweep-spec.md`):
/// - warmup is linear over `warmup` steps and its last step (`warmup - 1`) is exactly at the peak;
/// - a decay phase's last step (`total - 1`) is exactly at its floor;
/// - steps past `total` keep the final learning rate.
package protocol Schedule: Sendable {
    /// Learning rate for `step` (0-based).
    func learningRate(at step: Int) -> Double
}

extension Schedule {
    /// Learning rates for steps `0..<count`.
    package func learningRates(count: Int) -> [Double] {
        (0..<max(0, count)).map { learningRate(at: $0) }
    }
}

/// Linear warmup from `start` to `peak`: step `warmup - 1` is at `peak`.
@inline(__always)
func warmupRate(step: Int, warmup: Int, start: Double, peak: Double) -> Double {
    start + (peak - start) * Double(step + 1) / Double(warmup)
}

/// Progress through a decay phase of `length` steps that begins at `begin`: 0 before it, 1 at its last step.
@inline(__always)
func decayProgress(step: Int, begin: Int, length: Int) -> Double {
    guard length > 0 else { return 1 }
    return min(1, max(0, Double(step - begin + 1) / Double(length)))
}
