/// Warmup to `peak`, then `peak · √(warmup / (step + 1))`.
public struct InverseSqrtSchedule: Schedule, Codable, Hashable {
    public var peak: Double
    public var warmup: Int

    public init(peak: Double, warmup: Int) {
        self.peak = peak
        self.warmup = warmup
    }

    public func learningRate(at step: Int) -> Double {
        if step < warmup { return warmupRate(step: step, warmup: warmup, start: 0, peak: peak) }
        return peak * (Double(max(warmup, 1)) / Double(step + 1)).squareRoot()
    }
}
