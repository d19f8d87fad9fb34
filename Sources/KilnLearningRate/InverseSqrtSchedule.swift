/// Warmup to `peak`, then `peak · √(warmup / (step + 1))`.
package struct InverseSqrtSchedule: Schedule, Codable, Hashable {
    package var peak: Double
    package var warmup: Int

    package init(peak: Double, warmup: Int) {
        self.peak = peak
        self.warmup = warmup
    }

    package func learningRate(at step: Int) -> Double {
        if step < warmup { return warmupRate(step: step, warmup: warmup, start: 0, peak: peak) }
        return peak * (Double(max(warmup, 1)) / Double(step + 1)).squareRoot()
    }
}
