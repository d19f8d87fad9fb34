/// A bounded summary of one metric series for drawing. Up to `4 · buckets` points it is the series itself;
/// beyond, the steps are cut into at most `buckets` aligned ranges of a power-of-two width and each range
/// is kept as its first, last, lowest and highest point (M4, Jugel et al. 2014), in step order. Every spike
/// and the final value survive, so a chart drawn from it shows what the run did and ends where it ended.
package struct MetricOverview: Sendable {
    /// Step ranges of a summarised series (so at most 4 × this many points).
    package static let buckets = 100

    /// The kept points, ordered by step.
    package var steps: [Int]
    package var values: [Double]
    /// Points of the whole series.
    package var points: Int

    /// `true` when some points were left out.
    package var isSummary: Bool { steps.count < points }

    /// An overview as stored.
    package init(steps: [Int], values: [Double], points: Int) {
        self.steps = steps
        self.values = values
        self.points = points
    }

    /// The overview of `series` (ordered by step).
    package init(_ series: [(step: Int, value: Double)]) {
        var builder = Builder()
        for point in series { builder.append(step: point.step, value: point.value) }
        self = builder.overview
    }
}

extension MetricOverview {
    /// Builds an overview point by point, in bounded memory, as a series grows: merging adjacent ranges
    /// (doubling their width) keeps exactly what cutting the whole series at the wider ranges would keep.
    package struct Builder: Sendable {
        private struct Point: Sendable {
            var step: Int
            var value: Double
        }

        /// The kept points of one step range.
        private struct Bucket: Sendable {
            var first: Point, last: Point
            var low: Point?, high: Point?

            init(_ point: Point) {
                first = point
                last = point
                low = point.value.isFinite ? point : nil
                high = low
            }

            mutating func add(_ point: Point) {
                last = point
                guard point.value.isFinite else { return }
                if low.map({ point.value < $0.value }) ?? true { low = point }
                if high.map({ point.value > $0.value }) ?? true { high = point }
            }

            /// This range followed by `next`.
            func merged(with next: Bucket) -> Bucket {
                var merged = self
                merged.last = next.last
                if let low = next.low, merged.low.map({ low.value < $0.value }) ?? true { merged.low = low }
                if let high = next.high, merged.high.map({ high.value > $0.value }) ?? true { merged.high = high }
                return merged
            }

            var kept: [Point] {
                var points = [first]
                for point in [low, high].compactMap({ $0 }) + [last]
                where !points.contains(where: { $0.step == point.step }) {
                    points.append(point)
                }
                return points.sorted { $0.step < $1.step }
            }
        }

        private let limit = MetricOverview.buckets
        /// Every point while there are at most `4 · limit`.
        private var raw: [Point] = []
        /// Steps per range once summarised (a power of two), the index of `ranges[0]`, and the ranges.
        private var width = 0
        private var origin = 0
        private var ranges: [Bucket?] = []
        /// Points appended.
        package private(set) var points = 0
        /// The step of the last point appended; a point at or before it is ignored.
        package private(set) var lastStep: Int?

        package init() {}

        /// Adds the point at `step`, which must come after the last one (an earlier or repeated step is ignored).
        package mutating func append(step: Int, value: Double) {
            guard lastStep.map({ step > $0 }) ?? true else { return }
            lastStep = step
            points += 1
            let point = Point(step: step, value: value)
            guard width > 0 else {
                raw.append(point)
                if raw.count > 4 * limit { summarise() }
                return
            }
            add(point)
        }

        /// The overview of the points appended so far.
        package var overview: MetricOverview {
            let kept = width == 0 ? raw : ranges.compactMap { $0 }.flatMap(\.kept)
            return MetricOverview(steps: kept.map(\.step), values: kept.map(\.value), points: points)
        }

        private mutating func summarise() {
            width = 1
            while index(raw.last!.step) - index(raw.first!.step) >= limit { width *= 2 }
            origin = index(raw[0].step)
            for point in raw { add(point) }
            raw = []
        }

        private func index(_ step: Int) -> Int { Self.floor(step, width) }

        /// `value / divisor` rounded down (steps may be negative).
        private static func floor(_ value: Int, _ divisor: Int) -> Int {
            value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
        }

        private mutating func add(_ point: Point) {
            while index(point.step) - origin >= limit { widen() }
            let slot = index(point.step) - origin
            if slot >= ranges.count { ranges += [Bucket?](repeating: nil, count: slot - ranges.count + 1) }
            if ranges[slot] == nil { ranges[slot] = Bucket(point) } else { ranges[slot]!.add(point) }
        }

        /// Doubles the width: ranges 2k and 2k+1 (counted from step 0) become range k.
        private mutating func widen() {
            width *= 2
            let newOrigin = Self.floor(origin, 2)
            var merged: [Bucket?] = []
            for (offset, range) in ranges.enumerated() {
                let slot = Self.floor(origin + offset, 2) - newOrigin
                if slot >= merged.count { merged.append(nil) }
                guard let range else { continue }
                merged[slot] = merged[slot].map { $0.merged(with: range) } ?? range
            }
            origin = newOrigin
            ranges = merged
        }
    }
}
