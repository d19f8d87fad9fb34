/// Linear interpolation between `(step, lr)` points, constant before the first and after the last.
package struct PiecewiseLinearSchedule: Schedule, Codable, Hashable {
    package struct Point: Codable, Sendable, Hashable {
        package var step: Int
        package var lr: Double
        package init(step: Int, lr: Double) {
            self.step = step
            self.lr = lr
        }
    }

    /// Points sorted by step.
    package var points: [Point]

    package init(points: [Point]) {
        self.points = points.sorted { $0.step < $1.step }
    }

    package func learningRate(at step: Int) -> Double {
        guard let first = points.first, let last = points.last else { return 0 }
        if step <= first.step { return first.lr }
        if step >= last.step { return last.lr }
        // Binary search for the segment that holds `step`.
        var low = 0, high = points.count - 1
        while high - low > 1 {
            let mid = (low + high) / 2
            if points[mid].step <= step { low = mid } else { high = mid }
        }
        let a = points[low], b = points[high]
        let t = Double(step - a.step) / Double(b.step - a.step)
        return a.lr + (b.lr - a.lr) * t
    }
}
