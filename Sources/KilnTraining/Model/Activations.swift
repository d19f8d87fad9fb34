import KilnProtocol

/// The forward pass's saved activations and the backward pass's scratch buffers for a (B, T)
/// micro-batch, allocated once. Shapes use B batch, T context, C width, NH heads, L layers, V vocab.
final class Activations {
    let b: Int, t: Int
    private let storage: UnsafeMutablePointer<Float>
    private let count: Int

    /// (B, T, C)
    let encoded: UnsafeMutablePointer<Float>
    /// (L, B, T, C) and (L, B, T)
    let ln1, ln1Mean, ln1Rstd: UnsafeMutablePointer<Float>
    /// (L, B, T, 3C)
    let qkv: UnsafeMutablePointer<Float>
    /// (L, B, T, C)
    let atty: UnsafeMutablePointer<Float>
    /// (L, B, NH, T, T)
    let att: UnsafeMutablePointer<Float>
    /// (L, B, T, C)
    let attproj, residual2, ln2: UnsafeMutablePointer<Float>
    /// (L, B, T)
    let ln2Mean, ln2Rstd: UnsafeMutablePointer<Float>
    /// (L, B, T, 4C)
    let fch, fchGelu: UnsafeMutablePointer<Float>
    /// (L, B, T, C)
    let fcproj, residual3: UnsafeMutablePointer<Float>
    /// (B, T, C) and (B, T)
    let lnf, lnfMean, lnfRstd: UnsafeMutablePointer<Float>
    /// (B, T, V): logits, then probabilities
    let probs: UnsafeMutablePointer<Float>
    /// (B, T)
    let losses: UnsafeMutablePointer<Float>
    /// (L, B, T, C), post-LN blocks only (else empty): the residual sums x + attention(x) and
    /// x' + MLP(x') that LN1 and LN2 normalise.
    let attsum, mlpsum: UnsafeMutablePointer<Float>
    /// (L, B, T, C), Peri-LN blocks only (else empty): the normalised sublayer outputs added to the stream.
    let attnorm, mlpnorm: UnsafeMutablePointer<Float>
    /// (L, B, T), Peri-LN blocks only: their statistics.
    let attnormMean, attnormRstd, mlpnormMean, mlpnormRstd: UnsafeMutablePointer<Float>

    // Backward scratch.
    /// (B, T, C): gradient of the residual stream
    let dresidual: UnsafeMutablePointer<Float>
    /// (B, T, C)
    let dln, datty: UnsafeMutablePointer<Float>
    /// (B, T, 3C)
    let dqkv: UnsafeMutablePointer<Float>
    /// (B, T, 4C)
    let dfch, dfchGelu: UnsafeMutablePointer<Float>
    /// (B, T, V)
    let dlogits: UnsafeMutablePointer<Float>
    /// (workers, T, T)
    let dscores: UnsafeMutablePointer<Float>

    /// `post`: some block is post-LN; `peri`: some block is Peri-LN (their buffers are empty otherwise).
    init(shape: ModelShape, batch: Int, workers: Int, post: Bool = false, peri: Bool = false) {
        let (B, T, C, L, NH, V) = (batch, shape.context, shape.width, shape.layers, shape.heads, shape.vocab)
        b = B
        t = T
        let n = B * T
        let base = [
            n * C, L * n * C, L * n, L * n, L * n * 3 * C, L * n * C, L * B * NH * T * T,
            L * n * C, L * n * C, L * n * C, L * n, L * n, L * n * 4 * C, L * n * 4 * C,
            L * n * C, L * n * C, n * C, n, n, n * V, n,
            n * C, n * C, n * C, n * 3 * C, n * 4 * C, n * 4 * C, n * V, workers * T * T,
        ]
        let (sums, norms, stats) = (post ? L * n * C : 0, peri ? L * n * C : 0, peri ? L * n : 0)
        let sizes = base + [sums, sums, norms, norms, stats, stats, stats, stats]
        count = sizes.reduce(0, +)
        storage = .allocate(capacity: count)
        storage.initialize(repeating: 0, count: count)
        var cursor = storage
        var pointers: [UnsafeMutablePointer<Float>] = []
        for size in sizes {
            pointers.append(cursor)
            cursor += size
        }
        (encoded, ln1, ln1Mean, ln1Rstd, qkv, atty, att) =
            (pointers[0], pointers[1], pointers[2], pointers[3], pointers[4], pointers[5], pointers[6])
        (attproj, residual2, ln2, ln2Mean, ln2Rstd, fch, fchGelu) =
            (pointers[7], pointers[8], pointers[9], pointers[10], pointers[11], pointers[12], pointers[13])
        (fcproj, residual3, lnf, lnfMean, lnfRstd, probs, losses) =
            (pointers[14], pointers[15], pointers[16], pointers[17], pointers[18], pointers[19], pointers[20])
        (dresidual, dln, datty, dqkv, dfch, dfchGelu, dlogits, dscores) =
            (
                pointers[21], pointers[22], pointers[23], pointers[24], pointers[25], pointers[26], pointers[27],
                pointers[28]
            )
        (attsum, mlpsum, attnorm, mlpnorm) = (pointers[29], pointers[30], pointers[31], pointers[32])
        (attnormMean, attnormRstd, mlpnormMean, mlpnormRstd) = (pointers[33], pointers[34], pointers[35], pointers[36])
    }

    deinit { storage.deallocate() }
}
