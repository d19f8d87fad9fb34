import KilnProtocol

/// The compute of one run: its model size, the tokens it trains on and the FLOPs that costs.
package struct Compute: Sendable, Hashable, Codable {
    /// Every parameter of the model (`ModelShape.parameters`), 0 when the shape is unknown.
    package var parameters: Int
    /// The N used for FLOPs (`ModelShape.computeParameters`).
    package var computeParameters: Int
    /// Tokens trained on by this run: steps × batch × accumulation × context (for a branch that keeps
    /// its parent's step counter, only the steps after the branch point).
    package var tokens: Int
    /// Training FLOPs of this run: tokens × `ModelShape.flopsPerToken`.
    package var flops: Double

    /// A run's compute from its counts.
    package init(parameters: Int, computeParameters: Int, tokens: Int, flops: Double) {
        self.parameters = parameters
        self.computeParameters = computeParameters
        self.tokens = tokens
        self.flops = flops
    }

    enum CodingKeys: String, CodingKey {
        case parameters, computeParameters = "compute_parameters", tokens, flops
    }
}
