import KilnProtocol

/// The byte-level GPT: token and position embeddings, `L` blocks (causal attention, GELU MLP of
/// width 4C; pre-LayerNorm unless `norm` says otherwise), final LayerNorm, output tied to the token embedding. Parameters and
/// gradients each live in one contiguous buffer laid out by `ParameterLayout`; nothing is allocated
/// after `init`.
package final class Transformer {
    /// The model's shape.
    package let shape: ModelShape
    /// Sequences per micro-batch `B`.
    package let batch: Int
    /// Threads for the model's own loops (attention heads); set BLAS threads to match.
    package let threads: Int
    /// Where each block normalises, block by block.
    package let blocks: [NormPlacement.Block]
    /// The parameter table.
    package let layout: ParameterLayout
    /// All parameters, `layout.total` Floats.
    package let parameters: UnsafeMutableBufferPointer<Float>
    /// Gradients, same layout as `parameters`; `backward` accumulates into them.
    package let gradients: UnsafeMutableBufferPointer<Float>
    /// Input bytes (B, T) for the next `forward`.
    package let inputs: UnsafeMutableBufferPointer<Int32>
    /// Target bytes (B, T): the inputs shifted by one.
    package let targets: UnsafeMutableBufferPointer<Int32>

    let params: ParameterTensors
    let grads: ParameterTensors
    let acts: Activations

    /// A model with GPT-2 initialisation drawn from `seed`: weights N(0, 0.02), residual projections
    /// N(0, 0.02/√(2L)), biases 0, LayerNorm gains 1. Results do not depend on `threads`. `norm` and
    /// `mixFraction` place each block's LayerNorms (`NormPlacement.blocks`).
    package init(
        shape: ModelShape, batch: Int, seed: UInt64, threads: Int = 1, norm: NormPlacement = .pre,
        mixFraction: Double = 0.25
    ) {
        precondition(shape.problem == nil, shape.problem ?? "")
        self.shape = shape
        self.batch = batch
        self.threads = max(1, threads)
        blocks = norm.blocks(layers: shape.layers, mixFraction: mixFraction)
        layout = ParameterLayout(shape: shape)
        parameters = .allocate(capacity: layout.total)
        gradients = .allocate(capacity: layout.total)
        parameters.initialize(repeating: 0)
        gradients.initialize(repeating: 0)
        inputs = .allocate(capacity: batch * shape.context)
        targets = .allocate(capacity: batch * shape.context)
        inputs.initialize(repeating: 0)
        targets.initialize(repeating: 0)
        params = ParameterTensors(base: parameters.baseAddress!, layout: layout)
        grads = ParameterTensors(base: gradients.baseAddress!, layout: layout)
        acts = Activations(
            shape: shape, batch: batch, workers: self.threads, post: blocks.contains(.post),
            peri: blocks.contains(.peri))
        initialise(seed: seed)
    }

    deinit {
        parameters.deallocate()
        gradients.deallocate()
        inputs.deallocate()
        targets.deallocate()
    }

    private func initialise(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let residualStd = 0.02 / Float(2 * shape.layers).squareRoot()
        for (index, name) in ParameterLayout.names.enumerated() {
            let start = parameters.baseAddress! + layout.offsets[index]
            let count = layout.sizes[index]
            switch name {
            case "ln1w", "ln2w", "lnfw":
                start.update(repeating: 1, count: count)
            case "attprojw", "fcprojw":
                for i in 0..<count { start[i] = random.nextNormal() * residualStd }
            case "wte", "wpe", "qkvw", "fcw":
                for i in 0..<count { start[i] = random.nextNormal() * 0.02 }
            default:
                start.update(repeating: 0, count: count)
            }
        }
    }

    /// A copy of the parameters. Prefer it to reading `parameters` from outside: the buffer lives only
    /// as long as the model, and an optimising compiler may end the model's life at its last use.
    package var parameterValues: [Float] { Array(parameters) }

    /// A copy of the gradients (see `parameterValues`).
    package var gradientValues: [Float] { Array(gradients) }

    /// A copy of the input bytes (B, T).
    package var inputValues: [Int32] { Array(inputs) }

    /// A copy of the target bytes (B, T).
    package var targetValues: [Int32] { Array(targets) }

    /// Sets every gradient to 0.
    package func zeroGradients() {
        gradients.update(repeating: 0)
    }
}
