/// Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013, "Downsampling Time Series for
/// Visual Representation", §4.2): keeps the first and last points and, from each of `threshold − 2`
/// equal buckets in between, the point forming the largest triangle with the point kept before it and
/// the mean of the next bucket. Preserves peaks and the shape of a curve far better than striding.
package enum LargestTriangleThreeBuckets {
    /// `points` (sorted by x) reduced to at most `threshold` points; returned unchanged when
    /// `threshold >= points.count` or `threshold < 3`.
    package static func downsample(_ points: [PlotPoint], threshold: Int) -> [PlotPoint] {
        let count = points.count
        guard threshold >= 3, threshold < count else { return points }
        var sampled: [PlotPoint] = []
        sampled.reserveCapacity(threshold)
        sampled.append(points[0])
        // Buckets cover points 1 ..< count − 1; bucket i is [start(i), start(i + 1)).
        let width = Double(count - 2) / Double(threshold - 2)
        func start(_ bucket: Int) -> Int {
            bucket >= threshold - 2 ? count - 1 : min(Int(Double(bucket) * width) + 1, count - 1)
        }
        var previous = points[0]
        for bucket in 0..<threshold - 2 {
            // Mean of the next bucket (the last point for the last bucket).
            let nextStart = start(bucket + 1)
            let nextEnd = bucket + 2 < threshold - 1 ? start(bucket + 2) : count
            var meanX = 0.0
            var meanY = 0.0
            for index in nextStart..<nextEnd {
                meanX += points[index].x
                meanY += points[index].y
            }
            let nextCount = Double(max(nextEnd - nextStart, 1))
            meanX /= nextCount
            meanY /= nextCount
            // The point of this bucket with the largest triangle (previous, point, mean).
            var best = start(bucket)
            var bestArea = -1.0
            for index in start(bucket)..<nextStart {
                let point = points[index]
                let area = abs(
                    (previous.x - meanX) * (point.y - previous.y) - (previous.x - point.x) * (meanY - previous.y))
                if area > bestArea {
                    bestArea = area
                    best = index
                }
            }
            previous = points[best]
            sampled.append(previous)
        }
        sampled.append(points[count - 1])
        return sampled
    }
}

/// A point of a chart in data units.
package struct PlotPoint: Sendable, Hashable {
    /// Horizontal coordinate, e.g. a step or a parameter count.
    package var x: Double
    /// Vertical coordinate, e.g. a loss.
    package var y: Double

    /// A point from its coordinates.
    package init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}
