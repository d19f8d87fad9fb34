import Foundation

/// The infinite LR schedule (Ibrahim et al. 2024 §7): warmup, cosine cooldown from `peak` to
/// `constant` over `cooldown` steps, `constant` for as long as training lasts, and an optional
/// exponential anneal to `minimum` over the last `anneal` steps of `total`.
package struct InfiniteSchedule: Schedule, Codable, Hashable {
    package var peak: Double
    package var warmup: Int
    package var cooldown: Int
    package var constant: Double
    package var total: Int
    package var anneal: Int
    package var minimum: Double

    package init(
        peak: Double, warmup: Int = 0, cooldown: Int, constant: Double, total: Int, anneal: Int = 0, minimum: Double = 0
    ) {
        self.peak = peak
        self.warmup = warmup
        self.cooldown = cooldown
        self.constant = constant
        self.total = total
        self.anneal = anneal
        self.minimum = minimum
    }

    /// First step of the final anneal.
    package var annealStart: Int { total - anneal }

    package func learningRate(at step: Int) -> Double {
        if step < warmup { return warmupRate(step: step, warmup: warmup, start: 0, peak: peak) }
        if anneal > 0 && step >= annealStart {
            let x = decayProgress(step: step, begin: annealStart, length: anneal)
            // η_const · (η_min / η_const)^x; a zero minimum anneals linearly instead (the ratio is undefined).
            return minimum > 0 ? constant * pow(minimum / constant, x) : constant * (1 - x)
        }
        let x = decayProgress(step: step, begin: warmup, length: cooldown)
        return constant + (peak - constant) * 0.5 * (1 + cos(Double.pi * x))
    }
}
