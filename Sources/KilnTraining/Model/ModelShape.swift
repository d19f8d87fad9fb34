/// The shape of a byte-level decoder-only transformer: `V` = 256, `T` = context, `C` = width,
/// `L` = layers, `NH` = heads.
public struct ModelShape: Sendable, Hashable, Codable {
    /// Vocabulary size (bytes).
    public var vocab: Int = 256
    /// Context length `T` in bytes.
    public var context: Int
    /// Blocks `L`.
    public var layers: Int
    /// Attention heads `NH` (must divide `width`).
    public var heads: Int
    /// Channels `C`.
    public var width: Int

    public init(layers: Int, width: Int, heads: Int, context: Int, vocab: Int = 256) {
        self.layers = layers
        self.width = width
        self.heads = heads
        self.context = context
        self.vocab = vocab
    }

    /// Why this shape cannot be built, or nil.
    public var problem: String? {
        if layers < 1 { return "layers must be at least 1 (got \(layers))" }
        if width < 1 { return "width must be at least 1 (got \(width))" }
        if heads < 1 { return "heads must be at least 1 (got \(heads))" }
        if context < 1 { return "context must be at least 1 (got \(context))" }
        if width % heads != 0 { return "width \(width) is not divisible by heads \(heads)" }
        return nil
    }

    /// Channels per head.
    public var headSize: Int { width / heads }

    /// Every parameter, embeddings included (the output head is tied to the token embedding).
    public var parameterCount: Int { ParameterLayout(shape: self).total }

    /// Training FLOPs per token: 3 × the forward's 2·(matmul weights + tied head) plus the attention
    /// products QKᵀ and PV over the full T×T (Kiln computes ¾ of those), i.e. 6·(12·L·C² + C·V) + 12·L·T·C.
    public var trainingFlopsPerToken: Double {
        let matmul = Double(layers) * 12 * Double(width * width) + Double(width * vocab)
        let attention = Double(layers) * 2 * Double(context * width)
        return 6 * (matmul + attention)
    }
}
