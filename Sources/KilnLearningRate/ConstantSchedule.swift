/// Warmup to `peak`, then `peak` for ever.
package struct ConstantSchedule: Schedule, Codable, Hashable {
    package var peak: Double
    package var warmup: Int

    package init(peak: Double, warmup: Int = 0) {
        self.peak = peak
        self.warmup = warmup
    }

    package func learningRate(at step: Int) -> Double {
        step < warmup ? warmupRate(step: step, warmup: warmup, start: 0, peak: peak) : peak
    }
}
