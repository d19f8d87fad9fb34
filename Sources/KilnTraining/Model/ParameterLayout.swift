import KilnProtocol

/// The table of parameter tensors in their fixed order (llm.c's), with sizes and offsets into one
/// contiguous Float buffer. Checkpoints store this buffer as is.
package struct ParameterLayout: Sendable, Hashable {
    /// The tensors, in buffer order, with their shapes.
    package static let names = [
        "wte", "wpe", "ln1w", "ln1b", "qkvw", "qkvb", "attprojw", "attprojb",
        "ln2w", "ln2b", "fcw", "fcb", "fcprojw", "fcprojb", "lnfw", "lnfb",
    ]

    /// Shape of each tensor, in `names` order.
    package let shapes: [[Int]]
    /// Element count of each tensor.
    package let sizes: [Int]
    /// Start of each tensor in the buffer (elements).
    package let offsets: [Int]
    /// Elements in the whole buffer.
    package let total: Int

    package init(shape: ModelShape) {
        let (V, T, C, L) = (shape.vocab, shape.context, shape.width, shape.layers)
        shapes = [
            [V, C], [T, C], [L, C], [L, C], [L, 3 * C, C], [L, 3 * C], [L, C, C], [L, C],
            [L, C], [L, C], [L, 4 * C, C], [L, 4 * C], [L, C, 4 * C], [L, C], [C], [C],
        ]
        sizes = shapes.map { $0.reduce(1, *) }
        var running = 0
        offsets = sizes.map { size in
            defer { running += size }
            return running
        }
        total = running
    }

    /// The indices of the per-block tensors (`ln1w` … `fcprojb`), each of shape (L, …).
    package static let blockTensors = 2...13

    /// Whether AdamW decays tensor `index`: matrices yes, LayerNorm gains and biases no.
    package static func isDecayed(_ index: Int) -> Bool {
        [0, 1, 4, 6, 10, 12].contains(index)
    }
}

/// Pointers to each parameter tensor inside one buffer (parameters or their gradients).
struct ParameterTensors {
    var wte, wpe, ln1w, ln1b, qkvw, qkvb, attprojw, attprojb: UnsafeMutablePointer<Float>
    var ln2w, ln2b, fcw, fcb, fcprojw, fcprojb, lnfw, lnfb: UnsafeMutablePointer<Float>

    init(base: UnsafeMutablePointer<Float>, layout: ParameterLayout) {
        let p = layout.offsets.map { base + $0 }
        (wte, wpe, ln1w, ln1b, qkvw, qkvb, attprojw, attprojb) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7])
        (ln2w, ln2b, fcw, fcb, fcprojw, fcprojb, lnfw, lnfb) = (p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15])
    }
}
