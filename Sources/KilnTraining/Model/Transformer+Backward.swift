import KilnProtocol

extension Transformer {
    /// Accumulates into `gradients` the gradient of `lossScale` × (sum of the last `forward`'s
    /// per-position losses); `lossScale` = 1/(B·T·accumulation) gives the mean over a step.
    package func backward(lossScale: Float) {
        let (B, T, C, L, NH, V) = (batch, shape.context, shape.width, shape.layers, shape.heads, shape.vocab)
        let n = B * T
        let a = acts
        let p = params
        let g = grads
        let targetsPointer = UnsafePointer(targets.baseAddress!)
        crossEntropyBackward(a.dlogits, a.probs, targetsPointer, scale: lossScale, n: n, v: V, workers: threads)
        matmulBackward(a.dln, g.wte, nil, a.dlogits, a.lnf, p.wte, n: n, c: C, oc: V)
        a.dresidual.update(repeating: 0, count: n * C)
        layerNormBackward(
            a.dresidual, g.lnfw, g.lnfb, a.dln, a.residual3 + (L - 1) * n * C, p.lnfw,
            a.lnfMean, a.lnfRstd, n: n, c: C)
        for l in stride(from: L - 1, through: 0, by: -1) {
            let residual = l == 0 ? a.encoded : a.residual3 + (l - 1) * n * C
            let ln1 = a.ln1 + l * n * C
            let qkv = a.qkv + l * n * 3 * C
            let atty = a.atty + l * n * C
            let att = a.att + l * B * NH * T * T
            let residual2 = a.residual2 + l * n * C
            let ln2 = a.ln2 + l * n * C
            let fch = a.fch + l * n * 4 * C
            let fchGelu = a.fchGelu + l * n * 4 * C
            // MLP: residual3 = residual2 + fcproj(gelu(fc(ln2(residual2))))
            matmulBackward(
                a.dfchGelu, g.fcprojw + l * 4 * C * C, g.fcprojb + l * C, a.dresidual, fchGelu,
                p.fcprojw + l * 4 * C * C, n: n, c: 4 * C, oc: C)
            geluBackward(a.dfch, fch, a.dfchGelu, count: n * 4 * C, workers: threads)
            matmulBackward(
                a.dln, g.fcw + l * 4 * C * C, g.fcb + l * 4 * C, a.dfch, ln2,
                p.fcw + l * 4 * C * C, n: n, c: C, oc: 4 * C)
            layerNormBackward(
                a.dresidual, g.ln2w + l * C, g.ln2b + l * C, a.dln, residual2, p.ln2w + l * C,
                a.ln2Mean + l * n, a.ln2Rstd + l * n, n: n, c: C)
            // Attention: residual2 = residual + attproj(attention(qkv(ln1(residual))))
            matmulBackward(
                a.datty, g.attprojw + l * C * C, g.attprojb + l * C, a.dresidual, atty,
                p.attprojw + l * C * C, n: n, c: C, oc: C)
            attentionBackward(a.dqkv, a.dscores, a.datty, qkv, att, b: B, t: T, c: C, nh: NH, workers: threads)
            matmulBackward(
                a.dln, g.qkvw + l * 3 * C * C, g.qkvb + l * 3 * C, a.dqkv, ln1,
                p.qkvw + l * 3 * C * C, n: n, c: C, oc: 3 * C)
            layerNormBackward(
                a.dresidual, g.ln1w + l * C, g.ln1b + l * C, a.dln, residual, p.ln1w + l * C,
                a.ln1Mean + l * n, a.ln1Rstd + l * n, n: n, c: C)
        }
        encoderBackward(g.wte, g.wpe, a.dresidual, UnsafePointer(inputs.baseAddress!), b: B, t: T, c: C)
    }
}
