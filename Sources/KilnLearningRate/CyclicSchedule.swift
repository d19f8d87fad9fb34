/// Repeated cosine cycles of `cycle` steps, each with its own linear re-warmup of `warmup` steps:
/// the first from 0, later ones from the floor `floor × peak`.
package struct CyclicSchedule: Schedule, Codable, Hashable {
    package var peak: Double
    package var warmup: Int
    package var cycle: Int
    package var floor: Double

    package init(peak: Double, warmup: Int = 0, cycle: Int, floor: Double = 0) {
        self.peak = peak
        self.warmup = warmup
        self.cycle = cycle
        self.floor = floor
    }

    package func learningRate(at step: Int) -> Double {
        let index = step / max(cycle, 1)
        let within = step - index * max(cycle, 1)
        if within < warmup {
            let start = index == 0 ? 0 : floor * peak
            return warmupRate(step: within, warmup: warmup, start: start, peak: peak)
        }
        let x = decayProgress(step: within, begin: warmup, length: cycle - warmup)
        return peak * DecayShape.cosine.multiplier(progress: x, floor: floor)
    }
}
