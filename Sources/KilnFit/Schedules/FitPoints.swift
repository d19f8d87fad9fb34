import Foundation

/// Where a loss-curve fit starts on each run: at `--from-step` when given, otherwise after the initial transient.
package struct FitWindow: Sendable, Equatable {
    /// The first step fitted on every run; nil for the default rule.
    package var fromStep: Int?
    /// The default rule's fraction of the run skipped at the start.
    package var fraction: Double

    /// A window from `fromStep`, or by default from the later of the end of warmup and `fraction` of the run.
    package init(fromStep: Int? = nil, fraction: Double = 0.1) {
        self.fromStep = fromStep
        self.fraction = fraction
    }

    /// The first step of `curve` fitted: `fromStep`, or the later of its end of warmup and `fraction` of its last
    /// logged step — the loss of a raw log falls from ln(vocabulary) far faster than any law of the LR sums says.
    package func start(of curve: LossCurve) -> Int {
        fromStep ?? max(curve.effectiveWarmupSteps, Int((fraction * Double(curve.steps.last! + 1)).rounded(.up)))
    }
}

/// The rows of one curve a law is evaluated at in a fit, each weighted by the number of rows of the fit window it
/// stands for, so the weighted objective approximates the objective over every row of the window; on long curves
/// each point's loss is the geometric mean of a symmetric window of rows around it, so the noise of the rows
/// between points is averaged out rather than ignored.
package struct FitPoints: Sendable, Equatable {
    /// The run.
    package var run: String
    /// First step of the fit window.
    package var fromStep: Int
    /// Logged rows in the window.
    package var windowRows: Int
    /// Indices of the chosen rows into the curve's rows, increasing.
    package var indices: [Int]
    /// Weight of each chosen row; they sum to `windowRows`.
    package var weights: [Double]
    /// Rows on each side of each chosen row whose losses are averaged into its loss (0 when every row is fitted).
    package var radii: [Int]

    /// Every row of `curve` from `fromStep` when there are at most `limit` (or `limit` is 0); otherwise about `limit`
    /// rows covering the window: half uniformly spaced, a quarter log-spaced from the window's start (where the
    /// loss bends most), a quarter spread evenly over the change of log LR (so a decay or cooldown gets points of
    /// its own), the rows around each jump of the LR with rows 1, 2, 4, … after it, and the first and last rows.
    package init(curve: LossCurve, fromStep: Int, limit: Int) {
        let first = curve.steps.firstIndex { $0 >= fromStep } ?? curve.steps.count
        let count = curve.steps.count - first
        run = curve.run
        self.fromStep = fromStep
        windowRows = count
        guard count > limit && limit > 0 else {
            indices = Array(first..<curve.steps.count)
            weights = indices.map { _ in 1 }
            radii = indices.map { _ in 0 }
            return
        }
        let last = curve.steps.count - 1
        var chosen: Set<Int> = [first, last]
        let uniform = max(2, limit / 2), logSpaced = max(2, limit / 4), byRate = limit / 4
        for i in 0..<uniform {
            chosen.insert(first + Int((Double(i) * Double(count - 1) / Double(uniform - 1)).rounded()))
        }
        for i in 0..<logSpaced {
            let offset = exp(Double(i) / Double(logSpaced - 1) * log(Double(count))) - 1
            chosen.insert(min(last, first + Int(offset.rounded())))
        }
        // Change of log LR along the window, with the LR floored at 1% of the peak so a decay to 0 stays finite.
        let floor = 0.01 * (curve.lrs[first...].max() ?? 0)
        let logRate = { (i: Int) in log(curve.lrs[i] + floor + .leastNormalMagnitude) }
        var cumulative = [Double](repeating: 0, count: count)
        for i in 1..<count {
            let step = abs(logRate(first + i) - logRate(first + i - 1))
            cumulative[i] = cumulative[i - 1] + step
            if step > 0.05 {  // a jump: the rows around it and a geometric run of rows after it
                chosen.insert(first + i - 1)
                var offset = 0
                while offset <= 1024 && first + i + offset <= last {
                    chosen.insert(first + i + offset)
                    offset = max(1, 2 * offset)
                }
            }
        }
        if let total = cumulative.last, total > 0, byRate > 0 {
            for level in 0..<byRate {
                let target = total * (Double(level) + 0.5) / Double(byRate)
                var low = 0, high = count - 1
                while low < high {
                    let middle = (low + high) / 2
                    if cumulative[middle] >= target { high = middle } else { low = middle + 1 }
                }
                chosen.insert(first + low)
            }
        }
        let sorted = chosen.sorted()
        indices = sorted
        // Each chosen row stands for the rows nearer to it than to its neighbours (halves at ties).
        weights = sorted.indices.map { j in
            let lower = j == 0 ? Double(first) - 0.5 : Double(sorted[j - 1] + sorted[j]) / 2
            let upper = j == sorted.count - 1 ? Double(last) + 0.5 : Double(sorted[j] + sorted[j + 1]) / 2
            return upper - lower
        }
        // A symmetric window reaching halfway to the nearer neighbour: averaging it cancels the curve's slope, so
        // only its curvature biases the mean, and the rows between fit points still lower the noise.
        radii = sorted.indices.map { j in
            j == 0 || j == sorted.count - 1 ? 0 : min(sorted[j] - sorted[j - 1], sorted[j + 1] - sorted[j]) / 2
        }
    }

    /// The loss at fit point `j` of `curve`: the geometric mean over its row and `radii[j]` rows on each side.
    package func loss(of curve: LossCurve, at j: Int) -> Double {
        let rows = (indices[j] - radii[j])...(indices[j] + radii[j])
        return exp(rows.reduce(0) { $0 + log(curve.losses[$1]) } / Double(rows.count))
    }
}
