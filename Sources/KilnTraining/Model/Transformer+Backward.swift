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
        // a.dresidual holds the gradient of the block's output; each block turns it into its input's.
        for l in stride(from: L - 1, through: 0, by: -1) {
            let block = blocks[l]
            let residual = l == 0 ? a.encoded : a.residual3 + (l - 1) * n * C
            let ln1 = a.ln1 + l * n * C
            let qkv = a.qkv + l * n * 3 * C
            let atty = a.atty + l * n * C
            let att = a.att + l * B * NH * T * T
            let attproj = a.attproj + l * n * C
            let residual2 = a.residual2 + l * n * C
            let ln2 = a.ln2 + l * n * C
            let fch = a.fch + l * n * 4 * C
            let fchGelu = a.fchGelu + l * n * 4 * C
            let fcproj = a.fcproj + l * n * C
            // MLP. dmlp: the gradient of the MLP's output (fcproj).
            let dmlp: UnsafeMutablePointer<Float>
            switch block {
            case .pre:
                dmlp = a.dresidual
            case .peri:
                // residual3 = residual2 + LN(fcproj)
                a.dln.update(repeating: 0, count: n * C)
                layerNormBackward(
                    a.dln, nil, nil, a.dresidual, fcproj, nil, a.mlpnormMean + l * n, a.mlpnormRstd + l * n,
                    n: n, c: C)
                dmlp = a.dln
            case .post:
                // residual3 = LN2(residual2 + fcproj): the sum's gradient flows to both terms
                a.dln.update(repeating: 0, count: n * C)
                layerNormBackward(
                    a.dln, g.ln2w + l * C, g.ln2b + l * C, a.dresidual, a.mlpsum + l * n * C, p.ln2w + l * C,
                    a.ln2Mean + l * n, a.ln2Rstd + l * n, n: n, c: C)
                a.dresidual.update(from: a.dln, count: n * C)
                dmlp = a.dresidual
            }
            matmulBackward(
                a.dfchGelu, g.fcprojw + l * 4 * C * C, g.fcprojb + l * C, dmlp, fchGelu,
                p.fcprojw + l * 4 * C * C, n: n, c: 4 * C, oc: C)
            geluBackward(a.dfch, fch, a.dfchGelu, count: n * 4 * C, workers: threads)
            matmulBackward(
                a.dln, g.fcw + l * 4 * C * C, g.fcb + l * 4 * C, a.dfch, block == .post ? residual2 : ln2,
                p.fcw + l * 4 * C * C, n: n, c: C, oc: 4 * C)
            if block == .post {
                residualForward(a.dresidual, a.dresidual, a.dln, count: n * C)
            } else {
                layerNormBackward(
                    a.dresidual, g.ln2w + l * C, g.ln2b + l * C, a.dln, residual2, p.ln2w + l * C,
                    a.ln2Mean + l * n, a.ln2Rstd + l * n, n: n, c: C)
            }
            // Attention, likewise. dattention: the gradient of its output (attproj).
            let dattention: UnsafeMutablePointer<Float>
            switch block {
            case .pre:
                dattention = a.dresidual
            case .peri:
                a.dln.update(repeating: 0, count: n * C)
                layerNormBackward(
                    a.dln, nil, nil, a.dresidual, attproj, nil, a.attnormMean + l * n, a.attnormRstd + l * n,
                    n: n, c: C)
                dattention = a.dln
            case .post:
                a.dln.update(repeating: 0, count: n * C)
                layerNormBackward(
                    a.dln, g.ln1w + l * C, g.ln1b + l * C, a.dresidual, a.attsum + l * n * C, p.ln1w + l * C,
                    a.ln1Mean + l * n, a.ln1Rstd + l * n, n: n, c: C)
                a.dresidual.update(from: a.dln, count: n * C)
                dattention = a.dresidual
            }
            matmulBackward(
                a.datty, g.attprojw + l * C * C, g.attprojb + l * C, dattention, atty,
                p.attprojw + l * C * C, n: n, c: C, oc: C)
            attentionBackward(a.dqkv, a.dscores, a.datty, qkv, att, b: B, t: T, c: C, nh: NH, workers: threads)
            matmulBackward(
                a.dln, g.qkvw + l * 3 * C * C, g.qkvb + l * 3 * C, a.dqkv, block == .post ? residual : ln1,
                p.qkvw + l * 3 * C * C, n: n, c: C, oc: 3 * C)
            if block == .post {
                residualForward(a.dresidual, a.dresidual, a.dln, count: n * C)
            } else {
                layerNormBackward(
                    a.dresidual, g.ln1w + l * C, g.ln1b + l * C, a.dln, residual, p.ln1w + l * C,
                    a.ln1Mean + l * n, a.ln1Rstd + l * n, n: n, c: C)
            }
        }
        encoderBackward(g.wte, g.wpe, a.dresidual, UnsafePointer(inputs.baseAddress!), b: B, t: T, c: C)
    }
}
