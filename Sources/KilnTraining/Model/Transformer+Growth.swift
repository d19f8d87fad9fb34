import KilnProtocol

extension Transformer {
    /// Sets the parameters to `source`'s grown by `growth` (G_stack): embeddings and the final
    /// LayerNorm copied, block `l` copied from the source's block `l mod L₀`. `source` is a checkpoint's
    /// parameters for `sourceShape`, which must equal this model's shape but for fewer or as many layers.
    func stack(_ source: [Float], shape sourceShape: ModelShape, growth: Growth) {
        let sourceLayout = ParameterLayout(shape: sourceShape)
        let (L, L0) = (shape.layers, sourceShape.layers)
        source.withUnsafeBufferPointer { from in
            for index in ParameterLayout.names.indices {
                let target = parameters.baseAddress! + layout.offsets[index]
                let origin = from.baseAddress! + sourceLayout.offsets[index]
                guard ParameterLayout.blockTensors.contains(index) else {
                    target.update(from: origin, count: layout.sizes[index])
                    continue
                }
                let perLayer = layout.sizes[index] / L
                precondition(perLayer == sourceLayout.sizes[index] / L0, "a block tensor's size differs")
                for l in 0..<L {
                    (target + l * perLayer).update(from: origin + growth.sourceLayer(of: l) * perLayer, count: perLayer)
                }
            }
        }
    }
}
