/// Warmup to `peak`, then one decay of the given shape to `floor × peak` at the last step:
/// the `linear` and `cosine` schedules (Hoffmann et al. 2022 use cosine to a 0.1 floor).
package struct DecaySchedule: Schedule, Codable, Hashable {
    package var peak: Double
    package var warmup: Int
    package var total: Int
    /// The final learning rate as a ratio of the peak.
    package var floor: Double
    package var shape: DecayShape

    package init(peak: Double, warmup: Int = 0, total: Int, floor: Double = 0, shape: DecayShape) {
        self.peak = peak
        self.warmup = warmup
        self.total = total
        self.floor = floor
        self.shape = shape
    }

    package func learningRate(at step: Int) -> Double {
        if step < warmup { return warmupRate(step: step, warmup: warmup, start: 0, peak: peak) }
        let x = decayProgress(step: step, begin: warmup, length: total - warmup)
        return peak * shape.multiplier(progress: x, floor: floor)
    }
}
