/// Warmup, then `peak` divided by `factor` at each milestone (a fraction of `total`):
/// milestones [0.8, 0.9] with factor √10 is the "8-1-1" schedule of Tissue et al. 2024.
package struct MultiStepSchedule: Schedule, Codable, Hashable {
    package var peak: Double
    package var warmup: Int
    package var total: Int
    /// Fractions of `total`, ascending, where the learning rate drops.
    package var milestones: [Double]
    package var factor: Double

    package init(peak: Double, warmup: Int = 0, total: Int, milestones: [Double], factor: Double) {
        self.peak = peak
        self.warmup = warmup
        self.total = total
        self.milestones = milestones
        self.factor = factor
    }

    package func learningRate(at step: Int) -> Double {
        if step < warmup { return warmupRate(step: step, warmup: warmup, start: 0, peak: peak) }
        var rate = peak
        for milestone in milestones where step >= Int((milestone * Double(total)).rounded()) {
            rate /= factor
        }
        return rate
    }
}
