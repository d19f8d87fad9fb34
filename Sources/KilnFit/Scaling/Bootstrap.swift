import KilnProtocol

/// Resampling helpers for bootstrap intervals.
enum Bootstrap {
    /// For each of `replicates` resamples of `count` points drawn with replacement, how often each point was drawn.
    static func multiplicities(count: Int, replicates: Int, seed: UInt64) -> [[Double]] {
        var generator = SplitMix64(seed: seed)
        return (0..<replicates).map { _ in
            var weights = [Double](repeating: 0, count: count)
            for _ in 0..<count { weights[Int.random(in: 0..<count, using: &generator)] += 1 }
            return weights
        }
    }

    /// The central `level` percentile interval of `values` (linear interpolation between order statistics).
    static func percentileInterval(_ values: [Double], level: Double = 0.95) -> Interval? {
        let sorted = values.filter(\.isFinite).sorted()
        guard sorted.count >= 2 else { return nil }
        func quantile(_ q: Double) -> Double {
            let position = q * Double(sorted.count - 1)
            let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
            let fraction = position - Double(low)
            return sorted[low] + fraction * (sorted[high] - sorted[low])
        }
        let tail = (1 - level) / 2
        return Interval(lower: quantile(tail), upper: quantile(1 - tail))
    }
}
