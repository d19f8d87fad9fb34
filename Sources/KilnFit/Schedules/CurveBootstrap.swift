import Foundation
import KilnProtocol

/// Moving-block bootstrap of loss curves: the fitted law's curve times the exponentials of its log residuals,
/// resampled in blocks of consecutive rows so that the residuals' correlation along a curve is kept.
enum CurveBootstrap {
    /// `replicates` synthetic copies of `curves`, reproducible from `seed`; the residuals are drawn from each curve's
    /// fit window (`points`), as the initial transient's are no noise of the law's.
    static func resample(
        _ curves: [LossCurve], points: [FitPoints], law: some LossCurveLaw, replicates: Int, seed: UInt64,
        blockLength: Int
    ) -> [[LossCurve]] {
        let fitted = curves.map { law.predict($0) }
        let residuals = zip(curves, zip(fitted, points)).map { curve, pair in
            // A curve is never empty, so `first` is a valid index.
            let first = min(curve.steps.firstIndex { $0 >= pair.1.fromStep } ?? 0, curve.steps.count - 1)
            return zip(curve.losses, pair.0).dropFirst(first).map { log($0) - log($1) }
        }
        var generator = SplitMix64(seed: seed)
        return (0..<replicates).map { _ in
            zip(curves, zip(fitted, residuals)).map { curve, pair in
                let (fit, residual) = pair
                let block = max(1, min(blockLength, residual.count))
                var drawn: [Double] = []
                while drawn.count < curve.losses.count {
                    let start = Int.random(in: 0...(residual.count - block), using: &generator)
                    drawn += residual[start..<(start + block)]
                }
                var copy = curve
                copy.losses = zip(fit, drawn).map { max($0, 1e-12) * exp($1) }
                return copy
            }
        }
    }

    /// 95% percentile intervals of each named estimate over the refitted laws.
    static func intervals(_ laws: [some LossCurveLaw]) -> [String: Interval] {
        guard let names = laws.first?.estimates.map(\.name) else { return [:] }
        var intervals: [String: Interval] = [:]
        for (index, name) in names.enumerated() {
            intervals[name] = Bootstrap.percentileInterval(laws.map { $0.estimates[index].value })
        }
        return intervals
    }
}
