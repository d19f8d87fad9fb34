/// How a run grows a smaller trained model into its own, deeper one (`init_from.grow`; Du et al.
/// 2024, "Stacking Your Transformers"). The core copies the embeddings and the final LayerNorm and
/// fills block `l` of the new model with block `l mod L₀` of the checkpoint's `L₀` blocks (G_stack).
package struct Growth: Codable, Sendable, Hashable {
    /// The growth operator: depthwise stacking.
    package enum Operator: String, Codable, Sendable, CaseIterable {
        case stack
    }

    /// The operator.
    package var `operator`: Operator
    /// Blocks of the source checkpoint.
    package var sourceLayers: Int
    /// Blocks of the grown model (the run's `layers`).
    package var layers: Int

    package init(operator: Operator = .stack, sourceLayers: Int, layers: Int) {
        self.operator = `operator`
        self.sourceLayers = sourceLayers
        self.layers = layers
    }

    enum CodingKeys: String, CodingKey {
        case `operator`, sourceLayers = "source_layers", layers
    }

    /// The source block that grown block `layer` starts as.
    package func sourceLayer(of layer: Int) -> Int { layer % sourceLayers }
}
