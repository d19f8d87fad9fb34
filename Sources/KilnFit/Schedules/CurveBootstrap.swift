import Foundation
import KilnProtocol

/// Moving-block bootstrap of loss curves: the fitted law's curve times the exponentials of its log residuals,
/// resampled in blocks of consecutive rows so that the residuals' correlation along a curve is kept.
enum CurveBootstrap {
    /// `replicates` synthetic copies of `curves`, reproducible from `seed`.
    static func resample(
        _ curves: [LossCurve], law: some LossCurveLaw, replicates: Int, seed: UInt64, blockLength: Int
    ) -> [[LossCurve]] {
        let fitted = curves.map { law.predict($0) }
        let residuals = zip(curves, fitted).map { curve, fit in zip(curve.losses, fit).map { log($0) - log($1) } }
        var generator = SplitMix64(seed: seed)
        return (0..<replicates).map { _ in
            zip(curves, zip(fitted, residuals)).map { curve, pair in
                let (fit, residual) = pair
                let block = max(1, min(blockLength, residual.count))
                var drawn: [Double] = []
                while drawn.count < residual.count {
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
