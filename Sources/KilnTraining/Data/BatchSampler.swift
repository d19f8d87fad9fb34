import KilnProtocol

/// Draws training windows from a data mixture. Window `i` of micro-batch `micro` at `step` is a pure
/// function of (seed, step, micro, i), so resuming at a step needs no sampler state.
package struct BatchSampler {
    /// Training bytes of every source that any phase of the mixture uses.
    let sources: [String: [UInt8]]
    let mixture: DataMixture
    let totalSteps: Int
    let seed: UInt64

    /// Loads every source of `mixture` (each at least `context + 1` bytes).
    package init(mixture: DataMixture, totalSteps: Int, context: Int, dataDir: String, seed: UInt64) throws {
        var sources: [String: [UInt8]] = [:]
        let components = mixture.mixture + mixture.phases.flatMap(\.mixture)
        guard !mixture.mixture.isEmpty else { throw TrainingError.badConfiguration("data.mixture is empty") }
        for component in components where sources[component.source] == nil {
            guard component.weight >= 0, component.weight.isFinite else {
                throw TrainingError.badConfiguration("source '\(component.source)' has weight \(component.weight)")
            }
            let bytes = try ByteCorpus.load(component.source, split: .train, dataDir: dataDir)
            guard bytes.count > context else {
                throw TrainingError.sourceTooShort(source: component.source, bytes: bytes.count, needed: context + 1)
            }
            sources[component.source] = bytes
        }
        for phase in [mixture.mixture] + mixture.phases.map(\.mixture) where phase.reduce(0, { $0 + $1.weight }) <= 0 {
            throw TrainingError.badConfiguration("a data mixture's weights sum to 0")
        }
        self.sources = sources
        self.mixture = mixture
        self.totalSteps = totalSteps
        self.seed = seed
    }

    /// Fills the model's inputs and targets (B, T) for micro-batch `micro` of `step`.
    package func fill(_ model: Transformer, step: Int, micro: Int) {
        let components = mixture.mixture(at: step, of: totalSteps)
        let total = components.reduce(0) { $0 + $1.weight }
        let t = model.shape.context
        for row in 0..<model.batch {
            var random = SplitMix64(
                seed: seed, stream: 1, index: UInt64(step) << 24 | UInt64(micro) << 12 | UInt64(row))
            var pick = random.nextUniform() * total
            var chosen = components[components.count - 1]
            for component in components {
                pick -= component.weight
                if pick < 0 {
                    chosen = component
                    break
                }
            }
            let bytes = sources[chosen.source]!
            let start = random.next(below: bytes.count - t)
            bytes.withUnsafeBufferPointer { data in
                for i in 0..<t {
                    model.inputs[row * t + i] = Int32(data[start + i])
                    model.targets[row * t + i] = Int32(data[start + i + 1])
                }
            }
        }
    }
}
