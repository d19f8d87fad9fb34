import Foundation
import Testing

@testable import KilnTraining

/// Every op's backward against central differences of its forward, on an objective Σ w·out with
/// random w (so `dout` = w). Inputs are O(1) so the non-linearities matter.
@Suite struct OpGradientTests {
    @Test("matmul: dinp, dweight and dbias match finite differences")
    func matmul() {
        let (n, c, oc) = (3, 4, 5)
        var inp = GradientCheck.randoms(n * c, seed: 1)
        var weight = GradientCheck.randoms(oc * c, seed: 2)
        var bias = GradientCheck.randoms(oc, seed: 3)
        let w = GradientCheck.randoms(n * oc, seed: 4)
        func objective(_ inp: [Float], _ weight: [Float], _ bias: [Float]) -> Double {
            var out = [Float](repeating: 0, count: n * oc)
            matmulForward(&out, inp, weight, bias, n: n, c: c, oc: oc)
            return GradientCheck.dot(out, w)
        }
        var dinp = [Float](repeating: 0, count: n * c)
        var dweight = [Float](repeating: 0, count: oc * c)
        var dbias = [Float](repeating: 0, count: oc)
        matmulBackward(&dinp, &dweight, &dbias, w, inp, weight, n: n, c: c, oc: oc)
        let (weightCopy, biasCopy, inpCopy) = (weight, bias, inp)
        #expect(GradientCheck.worstRatio(&inp, analytic: dinp) { objective($0, weightCopy, biasCopy) } <= 1)
        #expect(GradientCheck.worstRatio(&weight, analytic: dweight) { objective(inpCopy, $0, biasCopy) } <= 1)
        #expect(GradientCheck.worstRatio(&bias, analytic: dbias) { objective(inpCopy, weightCopy, $0) } <= 1)
    }

    @Test("LayerNorm: dinp, dweight and dbias match finite differences")
    func layerNorm() {
        let (n, c) = (3, 6)
        var inp = GradientCheck.randoms(n * c, seed: 5, scale: 2)
        var weight = GradientCheck.randoms(c, seed: 6).map { $0 + 1 }
        var bias = GradientCheck.randoms(c, seed: 7)
        let w = GradientCheck.randoms(n * c, seed: 8)
        func objective(_ inp: [Float], _ weight: [Float], _ bias: [Float]) -> Double {
            var out = [Float](repeating: 0, count: n * c)
            var mean = [Float](repeating: 0, count: n)
            var rstd = mean
            layerNormForward(&out, &mean, &rstd, inp, weight, bias, n: n, c: c)
            return GradientCheck.dot(out, w)
        }
        var out = [Float](repeating: 0, count: n * c)
        var mean = [Float](repeating: 0, count: n)
        var rstd = mean
        layerNormForward(&out, &mean, &rstd, inp, weight, bias, n: n, c: c)
        var dinp = [Float](repeating: 0, count: n * c)
        var dweight = [Float](repeating: 0, count: c)
        var dbias = dweight
        layerNormBackward(&dinp, &dweight, &dbias, w, inp, weight, mean, rstd, n: n, c: c)
        let (weightCopy, biasCopy, inpCopy) = (weight, bias, inp)
        #expect(GradientCheck.worstRatio(&inp, analytic: dinp, eps: 1e-3) { objective($0, weightCopy, biasCopy) } <= 1)
        #expect(GradientCheck.worstRatio(&weight, analytic: dweight) { objective(inpCopy, $0, biasCopy) } <= 1)
        #expect(GradientCheck.worstRatio(&bias, analytic: dbias) { objective(inpCopy, weightCopy, $0) } <= 1)
    }

    @Test("LayerNorm without gain and bias (Peri-LN's output norm): dinp matches finite differences")
    func plainLayerNorm() {
        let (n, c) = (3, 6)
        var inp = GradientCheck.randoms(n * c, seed: 15, scale: 2)
        let w = GradientCheck.randoms(n * c, seed: 16)
        func objective(_ inp: [Float]) -> Double {
            var out = [Float](repeating: 0, count: n * c)
            var mean = [Float](repeating: 0, count: n)
            var rstd = mean
            layerNormForward(&out, &mean, &rstd, inp, nil, nil, n: n, c: c)
            return GradientCheck.dot(out, w)
        }
        var out = [Float](repeating: 0, count: n * c)
        var mean = [Float](repeating: 0, count: n)
        var rstd = mean
        layerNormForward(&out, &mean, &rstd, inp, nil, nil, n: n, c: c)
        var dinp = [Float](repeating: 0, count: n * c)
        layerNormBackward(&dinp, nil, nil, w, inp, nil, mean, rstd, n: n, c: c)
        #expect(GradientCheck.worstRatio(&inp, analytic: dinp, eps: 1e-3, objective: objective) <= 1)
    }

    @Test("GELU: dinp matches finite differences")
    func gelu() {
        var inp = GradientCheck.randoms(40, seed: 9, scale: 4)
        let w = GradientCheck.randoms(40, seed: 10)
        var dinp = [Float](repeating: 0, count: 40)
        geluBackward(&dinp, inp, w, count: 40)
        let ratio = GradientCheck.worstRatio(&inp, analytic: dinp, eps: 1e-3) { inp in
            var out = [Float](repeating: 0, count: 40)
            geluForward(&out, inp, count: 40)
            return GradientCheck.dot(out, w)
        }
        #expect(ratio <= 1)
    }

    @Test("causal attention: the output matches a direct evaluation and dqkv matches finite differences")
    func attention() {
        let (b, t, c, nh) = (2, 5, 6, 2)
        var qkv = GradientCheck.randoms(b * t * 3 * c, seed: 11, scale: 1.5)
        let w = GradientCheck.randoms(b * t * c, seed: 12)
        func objective(_ qkv: [Float]) -> Double {
            var out = [Float](repeating: 0, count: b * t * c)
            var att = [Float](repeating: 0, count: b * nh * t * t)
            attentionForward(&out, &att, qkv, b: b, t: t, c: c, nh: nh)
            return GradientCheck.dot(out, w)
        }
        var out = [Float](repeating: 0, count: b * t * c)
        var att = [Float](repeating: 0, count: b * nh * t * t)
        attentionForward(&out, &att, qkv, b: b, t: t, c: c, nh: nh)
        var dqkv = [Float](repeating: .nan, count: b * t * 3 * c)
        var scratch = [Float](repeating: 0, count: t * t)
        attentionBackward(&dqkv, &scratch, w, qkv, att, b: b, t: t, c: c, nh: nh)
        #expect(GradientCheck.worstRatio(&qkv, analytic: dqkv, eps: 1e-3, objective: objective) <= 1)
        // against a direct evaluation of softmax(QKᵀ/√hs + causal mask)·V in Double
        let hs = c / nh
        var worst = 0.0
        for bi in 0..<b {
            for h in 0..<nh {
                for i in 0..<t {
                    func at(_ row: Int, _ part: Int, _ d: Int) -> Double {
                        Double(qkv[(bi * t + row) * 3 * c + part * c + h * hs + d])
                    }
                    let scores = (0...i).map { j in
                        (0..<hs).reduce(0.0) { $0 + at(i, 0, $1) * at(j, 1, $1) } / Double(hs).squareRoot()
                    }
                    let weights = scores.map { exp($0 - scores.max()!) }
                    let total = weights.reduce(0, +)
                    for d in 0..<hs {
                        let expected = (0...i).reduce(0.0) { $0 + weights[$1] / total * at($1, 2, d) }
                        worst = max(worst, abs(expected - Double(out[(bi * t + i) * c + h * hs + d])))
                    }
                }
            }
        }
        #expect(worst < 1e-5)
    }

    @Test("softmax cross-entropy: dlogits matches finite differences and the loss is −ln p")
    func crossEntropy() {
        let (n, v) = (3, 7)
        var logits = GradientCheck.randoms(n * v, seed: 13, scale: 3)
        let targets: [Int32] = [0, 6, 3]
        func objective(_ logits: [Float]) -> Double {
            var probs = logits
            var losses = [Float](repeating: 0, count: n)
            crossEntropyForward(&losses, &probs, targets, n: n, v: v)
            return losses.reduce(0) { $0 + Double($1) }
        }
        var probs = logits
        var losses = [Float](repeating: 0, count: n)
        crossEntropyForward(&losses, &probs, targets, n: n, v: v)
        var dlogits = [Float](repeating: 0, count: n * v)
        crossEntropyBackward(&dlogits, probs, targets, scale: 1, n: n, v: v)
        #expect(GradientCheck.worstRatio(&logits, analytic: dlogits, eps: 1e-3, objective: objective) <= 1)
        let row = logits[0..<v].map { Double($0) }
        let expected = log(row.map { exp($0) }.reduce(0, +)) - row[0]
        #expect(abs(Double(losses[0]) - expected) < 1e-5)
    }

    @Test("embeddings: dwte and dwpe match finite differences")
    func encoder() {
        let (b, t, c, v) = (2, 3, 4, 5)
        let tokens: [Int32] = [1, 4, 1, 0, 2, 4]
        var wte = GradientCheck.randoms(v * c, seed: 14)
        var wpe = GradientCheck.randoms(t * c, seed: 15)
        let w = GradientCheck.randoms(b * t * c, seed: 16)
        func objective(_ wte: [Float], _ wpe: [Float]) -> Double {
            var out = [Float](repeating: 0, count: b * t * c)
            encoderForward(&out, tokens, wte, wpe, b: b, t: t, c: c)
            return GradientCheck.dot(out, w)
        }
        var dwte = [Float](repeating: 0, count: v * c)
        var dwpe = [Float](repeating: 0, count: t * c)
        encoderBackward(&dwte, &dwpe, w, tokens, b: b, t: t, c: c)
        let (wteCopy, wpeCopy) = (wte, wpe)
        #expect(GradientCheck.worstRatio(&wte, analytic: dwte) { objective($0, wpeCopy) } <= 1)
        #expect(GradientCheck.worstRatio(&wpe, analytic: dwpe) { objective(wteCopy, $0) } <= 1)
    }
}
