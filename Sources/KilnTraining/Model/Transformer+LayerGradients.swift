import KilnProtocol

extension Transformer {
    /// The L2 norm of each block's gradients (its twelve tensors, `ln1w` to `fcprojb`), block 0 first:
    /// what `log_layer_grad_norms` reports as `grad_norm/layer0` … `grad_norm/layer{L-1}`.
    package func layerGradientNorms() -> [Double] {
        let L = shape.layers
        var squares = [Double](repeating: 0, count: L)
        let base = gradients.baseAddress!
        for index in ParameterLayout.blockTensors {
            let perLayer = layout.sizes[index] / L
            for l in 0..<L {
                let start = base + layout.offsets[index] + l * perLayer
                var partial: Float = 0
                for i in 0..<perLayer { partial += start[i] * start[i] }
                squares[l] += Double(partial)
            }
        }
        return squares.map { $0.squareRoot() }
    }
}
