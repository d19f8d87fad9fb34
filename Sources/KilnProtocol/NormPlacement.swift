/// Where each transformer block normalises (`norm` of a run; `docs/training-core.md`).
package enum NormPlacement: String, Codable, Sendable, CaseIterable {
    /// LayerNorm on each sublayer's input (GPT-2; the default).
    case pre
    /// LayerNorm after each residual add (the original Transformer).
    case post
    /// Mix-LN (Li et al. 2024): post-LN in the first `norm_mix_fraction` of the blocks, pre-LN after.
    case mix
    /// Peri-LN (Kim et al. 2025): LayerNorm on each sublayer's input and on its output before the add.
    case peri

    /// How one block normalises.
    package enum Block: Sendable, Equatable {
        case pre, post, peri
    }

    /// The placement of each of `layers` blocks; for `mix`, the first ⌊`mixFraction`·`layers`⌋ are post-LN.
    package func blocks(layers: Int, mixFraction: Double) -> [Block] {
        switch self {
        case .pre: Array(repeating: .pre, count: layers)
        case .post: Array(repeating: .post, count: layers)
        case .peri: Array(repeating: .peri, count: layers)
        case .mix:
            (0..<layers).map { Double($0) < (mixFraction * Double(layers)).rounded(.down) ? .post : .pre }
        }
    }
}
