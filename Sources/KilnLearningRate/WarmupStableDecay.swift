/// Warmup, a constant `peak`, then a cooldown over the last `decay` steps to `floor × peak`
/// (Hägele et al. 2024). The cooldown's last step (`total - 1`) is at the floor.
package struct WarmupStableDecay: Schedule, Codable, Hashable {
    package var peak: Double
    package var warmup: Int
    package var total: Int
    /// Length of the cooldown, in steps.
    package var decay: Int
    package var shape: DecayShape
    /// The final learning rate as a ratio of the peak (must be > 0 for `exponential`).
    package var floor: Double

    package init(peak: Double, warmup: Int = 0, total: Int, decay: Int, shape: DecayShape = .linear, floor: Double = 0)
    {
        self.peak = peak
        self.warmup = warmup
        self.total = total
        self.decay = decay
        self.shape = shape
        self.floor = floor
    }

    /// First step of the cooldown.
    package var decayStart: Int { total - decay }

    package func learningRate(at step: Int) -> Double {
        if step < warmup { return warmupRate(step: step, warmup: warmup, start: 0, peak: peak) }
        guard decay > 0, step >= decayStart else { return peak }  // no cooldown: the peak for ever
        let x = decayProgress(step: step, begin: decayStart, length: decay)
        return peak * shape.multiplier(progress: x, floor: floor)
    }
}
