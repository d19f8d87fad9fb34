import KilnProtocol

extension Transformer {
    /// Runs the model on `inputs`, scores `targets`, and returns the mean loss in nats per byte.
    @discardableResult
    package func forward() -> Float {
        let (B, T, C, L, NH, V) = (batch, shape.context, shape.width, shape.layers, shape.heads, shape.vocab)
        let n = B * T
        let tokens = UnsafePointer(inputs.baseAddress!)
        let a = acts
        let p = params
        encoderForward(a.encoded, tokens, p.wte, p.wpe, b: B, t: T, c: C)
        for l in 0..<L {
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
            let residual3 = a.residual3 + l * n * C
            // Attention. pre: residual2 = x + attn(LN1(x)); peri: x + LN(attn(LN1(x))); post: LN1(x + attn(x))
            let attentionInput = block == .post ? residual : ln1
            if block != .post {
                layerNormForward(
                    ln1, a.ln1Mean + l * n, a.ln1Rstd + l * n, residual,
                    p.ln1w + l * C, p.ln1b + l * C, n: n, c: C, workers: threads)
            }
            matmulForward(qkv, attentionInput, p.qkvw + l * 3 * C * C, p.qkvb + l * 3 * C, n: n, c: C, oc: 3 * C)
            attentionForward(atty, att, qkv, b: B, t: T, c: C, nh: NH, workers: threads)
            matmulForward(attproj, atty, p.attprojw + l * C * C, p.attprojb + l * C, n: n, c: C, oc: C)
            switch block {
            case .pre:
                residualForward(residual2, residual, attproj, count: n * C)
            case .peri:
                let normed = a.attnorm + l * n * C
                layerNormForward(
                    normed, a.attnormMean + l * n, a.attnormRstd + l * n, attproj, nil, nil, n: n, c: C,
                    workers: threads)
                residualForward(residual2, residual, normed, count: n * C)
            case .post:
                let sum = a.attsum + l * n * C
                residualForward(sum, residual, attproj, count: n * C)
                layerNormForward(
                    residual2, a.ln1Mean + l * n, a.ln1Rstd + l * n, sum,
                    p.ln1w + l * C, p.ln1b + l * C, n: n, c: C, workers: threads)
            }
            // MLP, the same three ways around LN2.
            let mlpInput = block == .post ? residual2 : ln2
            if block != .post {
                layerNormForward(
                    ln2, a.ln2Mean + l * n, a.ln2Rstd + l * n, residual2,
                    p.ln2w + l * C, p.ln2b + l * C, n: n, c: C, workers: threads)
            }
            matmulForward(fch, mlpInput, p.fcw + l * 4 * C * C, p.fcb + l * 4 * C, n: n, c: C, oc: 4 * C)
            geluForward(fchGelu, fch, count: n * 4 * C, workers: threads)
            matmulForward(fcproj, fchGelu, p.fcprojw + l * 4 * C * C, p.fcprojb + l * C, n: n, c: 4 * C, oc: C)
            switch block {
            case .pre:
                residualForward(residual3, residual2, fcproj, count: n * C)
            case .peri:
                let normed = a.mlpnorm + l * n * C
                layerNormForward(
                    normed, a.mlpnormMean + l * n, a.mlpnormRstd + l * n, fcproj, nil, nil, n: n, c: C,
                    workers: threads)
                residualForward(residual3, residual2, normed, count: n * C)
            case .post:
                let sum = a.mlpsum + l * n * C
                residualForward(sum, residual2, fcproj, count: n * C)
                layerNormForward(
                    residual3, a.ln2Mean + l * n, a.ln2Rstd + l * n, sum,
                    p.ln2w + l * C, p.ln2b + l * C, n: n, c: C, workers: threads)
            }
        }
        layerNormForward(
            a.lnf, a.lnfMean, a.lnfRstd, a.residual3 + (L - 1) * n * C, p.lnfw, p.lnfb, n: n, c: C,
            workers: threads)
        matmulForward(a.probs, a.lnf, p.wte, nil, n: n, c: C, oc: V)
        crossEntropyForward(a.losses, a.probs, UnsafePointer(targets.baseAddress!), n: n, v: V, workers: threads)
        var sum: Float = 0
        for i in 0..<n { sum += a.losses[i] }
        return sum / Float(n)
    }

    /// Per-position losses (B, T) of the last `forward`, in nats.
    package var losses: UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: acts.losses, count: batch * shape.context)
    }
}
