import Foundation

/// The map from an axis's data domain to SVG positions, with its tick values.
struct AxisMapping {
    /// Domain ends in transformed units (log10 of the data for a log axis).
    var low: Double
    /// Upper domain end in transformed units.
    var high: Double
    /// SVG position of `low`.
    var start: Double
    /// SVG position of `high`.
    var end: Double
    /// Whether data values are log10-transformed first.
    var isLog: Bool
    /// Whether the domain was cut at a cap below the largest value (see ``Axis/clipsOutliers``).
    var clipped = false

    /// The mapping of `axis` for `values` onto positions `start`…`end`; non-finite values (and non-positive
    /// ones on a log axis) are ignored, and a linear domain stops at `cap` if the values go beyond it.
    init(axis: Axis, values: [Double], start: Double, end: Double, forceLog: Bool? = nil, cap: Double? = nil) {
        let isLog = forceLog ?? (axis.scale == .log)
        self.isLog = isLog
        self.start = start
        self.end = end
        if let categories = axis.categories {
            low = -0.5
            high = Double(max(categories.count, 1)) - 0.5
            return
        }
        if let domain = axis.domain, !isLog, domain.high > domain.low {
            (low, high) = domain
            return
        }
        var low = Double.infinity
        var high = -Double.infinity
        for value in values where value.isFinite && (!isLog || value > 0) {
            let transformed = isLog ? log10(value) : value
            low = min(low, transformed)
            high = max(high, transformed)
        }
        if low > high { (low, high) = (0, 1) }
        if let cap, !isLog, cap < high, cap > low {
            high = cap
            clipped = true
        }
        if high - low < 1e-12 * max(abs(low), 1) {
            let pad = isLog ? 0.5 : max(abs(low) * 0.05, 0.5)
            (low, high) = (low - pad, high + pad)
        } else if axis.padded {
            let pad = (high - low) * 0.04
            (low, high) = (low - pad, high + pad)
        }
        self.low = low
        self.high = high
    }

    /// SVG position of data value `value`, clamped to the domain.
    func position(_ value: Double) -> Double {
        let transformed = min(max(isLog ? log10(max(value, pow(10, low))) : value, low), high)
        return start + (transformed - low) / (high - low) * (end - start)
    }

    /// Tick values (in data units) inside the domain: 1-2-5 steps on a linear axis, decades (or 1-2-5
    /// multiples of them when the domain spans less than two decades) on a log axis.
    func tickValues() -> [Double] {
        if !isLog { return Self.linearTicks(low: low, high: high) }
        for mantissas in [[1.0], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]] {
            var ticks: [Double] = []
            for decade in Int(floor(low))...Int(ceil(high)) {
                for mantissa in mantissas {
                    let value = mantissa * pow(10, Double(decade))
                    let transformed = log10(value)
                    if transformed >= low - 1e-9, transformed <= high + 1e-9 { ticks.append(value) }
                }
            }
            if ticks.count >= 3 || (mantissas.count == 1 && ticks.count >= 2 && high - low > 2) { return ticks }
        }
        return Self.linearTicks(low: pow(10, low), high: pow(10, high)).filter { $0 > 0 }
    }

    /// About five "nice" values (1, 2 or 5 × 10^k apart) between `low` and `high`.
    static func linearTicks(low: Double, high: Double) -> [Double] {
        let raw = (high - low) / 5
        guard raw > 0, raw.isFinite else { return [low] }
        let magnitude = pow(10, floor(log10(raw)))
        let normalised = raw / magnitude
        let step = (normalised < 1.5 ? 1 : normalised < 3 ? 2 : normalised < 7 ? 5 : 10) * magnitude
        var ticks: [Double] = []
        var value = ceil(low / step) * step
        while value <= high + step * 1e-9 {
            ticks.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        return ticks
    }
}
