/// The shape of Kiln's decoder-only byte transformer, and its parameter and FLOP counts.
///
/// The model: token embedding (vocab × width, tied to the output head), learned position embedding
/// (context × width), `layers` pre-LayerNorm blocks (LayerNorm, causal multi-head attention with a
/// fused QKV weight and bias and an output projection with bias, LayerNorm, GELU MLP of 4 × width
/// with biases), and a final LayerNorm. Shared by the planner's compute
/// accounting and the training core, so planned and reported FLOPs agree. See `docs/sweep-spec.md`, "Compute".
package struct ModelShape: Sendable, Hashable, Codable {
    /// Transformer blocks.
    package var layers: Int
    /// Residual stream width (embedding size).
    package var width: Int
    /// Attention heads; `width` is divisible by `heads`.
    package var heads: Int
    /// Sequence length in tokens (bytes).
    package var context: Int
    /// Vocabulary size: 256 for bytes.
    package var vocab: Int

    /// The vocabulary of a byte model: the only one `kiln-train` trains.
    package static let byteVocabulary = 256

    /// A shape; `vocab` is 256 for bytes.
    package init(layers: Int, width: Int, heads: Int, context: Int, vocab: Int = byteVocabulary) {
        self.layers = layers
        self.width = width
        self.heads = heads
        self.context = context
        self.vocab = vocab
    }

    /// Why this shape cannot be built, or nil.
    package var problem: String? {
        if layers < 1 { return "layers must be at least 1 (got \(layers))" }
        if width < 1 { return "width must be at least 1 (got \(width))" }
        if heads < 1 { return "heads must be at least 1 (got \(heads))" }
        if context < 1 { return "context must be at least 1 (got \(context))" }
        if width % heads != 0 { return "width \(width) is not divisible by heads \(heads)" }
        return nil
    }

    /// Channels per head.
    package var headSize: Int { width / heads }

    /// Parameters of one block: 12·W² + 13·W (QKV 3W²+3W, projection W²+W, MLP 8W²+5W, two LayerNorms 4W).
    package var blockParameters: Int { 12 * width * width + 13 * width }

    /// Every parameter of the model: V·W + T·W + L·(12·W² + 13·W) + 2·W.
    package var parameters: Int { vocab * width + context * width + layers * blockParameters + 2 * width }

    /// The N of C = 6·N·D: every parameter that takes part in a matrix product per token, that is all
    /// parameters except the position embedding (a lookup); the tied token embedding counts once, as
    /// the output head. N = V·W + L·(12·W² + 13·W) + 2·W.
    package var computeParameters: Int { parameters - context * width }

    /// Training FLOPs per token (forward and backward): 6·N + 6·L·T·W, the second term being causal
    /// attention's QKᵀ and AV products (Kaplan et al. 2020, with the masked half not counted).
    package var flopsPerToken: Double {
        6 * Double(computeParameters) + 6 * Double(layers) * Double(context) * Double(width)
    }

    /// Training FLOPs for `tokens` tokens.
    package func trainingFLOPs(tokens: Int) -> Double { flopsPerToken * Double(tokens) }
}
