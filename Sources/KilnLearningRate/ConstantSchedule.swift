/// Warmup to `peak`, then `peak` for ever.
public struct ConstantSchedule: Schedule, Codable, Hashable {
    public var peak: Double
    public var warmup: Int

    public init(peak: Double, warmup: Int = 0) {
        self.peak = peak
        self.warmup = warmup
    }

    public func learningRate(at step: Int) -> Double {
        step < warmup ? warmupRate(step: step, warmup: warmup, start: 0, peak: peak) : peak
    }
}
