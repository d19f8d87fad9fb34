/// Continual pretraining (Gupta et al. 2023): linear warmup from `start` (the old final LR, or 0)
/// to a new `peak` over `warmup` steps, then a decay of `shape` to `floor × peak` at the last step.
package struct RewarmSchedule: Schedule, Codable, Hashable {
    package var start: Double
    package var peak: Double
    package var warmup: Int
    package var total: Int
    package var floor: Double
    package var shape: DecayShape

    package init(start: Double, peak: Double, warmup: Int, total: Int, floor: Double = 0.1, shape: DecayShape = .cosine)
    {
        self.start = start
        self.peak = peak
        self.warmup = warmup
        self.total = total
        self.floor = floor
        self.shape = shape
    }

    package func learningRate(at step: Int) -> Double {
        if step < warmup { return warmupRate(step: step, warmup: warmup, start: start, peak: peak) }
        let x = decayProgress(step: step, begin: warmup, length: total - warmup)
        return peak * shape.multiplier(progress: x, floor: floor)
    }
}
