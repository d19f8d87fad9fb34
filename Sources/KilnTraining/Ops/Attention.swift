// Causal multi-head self-attention, batched per (batch, head) through sgemm.
// qkv is (B, T, 3C) holding Q, K, V side by side; head h uses channels h·hs..<(h+1)·hs of each.

/// Writes `out` (B, T, C) and the attention probabilities `att` (B, NH, T, T), zero above the diagonal.
func attentionForward(
    _ out: UnsafeMutablePointer<Float>, _ att: UnsafeMutablePointer<Float>, _ qkv: UnsafePointer<Float>,
    b: Int, t: Int, c: Int, nh: Int
) {
    let hs = c / nh, c3 = 3 * c
    let scale = 1 / Float(hs).squareRoot()
    for bi in 0..<b {
        for h in 0..<nh {
            let q = qkv + bi * t * c3 + h * hs, k = q + c, v = q + 2 * c
            let p = att + (bi * nh + h) * t * t
            // scores (T, T) = scale · Q (T, hs) · Kᵀ (hs, T)
            sgemm(transA: false, transB: true, m: t, n: t, k: hs, alpha: scale, q, lda: c3, k, ldb: c3,
                  beta: 0, p, ldc: t)
            causalSoftmaxRows(p, t: t)
            // out (T, hs) = P (T, T) · V (T, hs)
            sgemm(transA: false, transB: false, m: t, n: hs, k: t, p, lda: t, v, ldb: c3,
                  beta: 0, out + bi * t * c + h * hs, ldc: c)
        }
    }
}

/// Given `dout` (B, T, C): writes all of `dqkv` (B, T, 3C). `scratch` holds (T, T).
func attentionBackward(
    _ dqkv: UnsafeMutablePointer<Float>, _ scratch: UnsafeMutablePointer<Float>, _ dout: UnsafePointer<Float>,
    _ qkv: UnsafePointer<Float>, _ att: UnsafePointer<Float>, b: Int, t: Int, c: Int, nh: Int
) {
    let hs = c / nh, c3 = 3 * c
    let scale = 1 / Float(hs).squareRoot()
    for bi in 0..<b {
        for h in 0..<nh {
            let q = qkv + bi * t * c3 + h * hs, k = q + c, v = q + 2 * c
            let dq = dqkv + bi * t * c3 + h * hs, dk = dq + c, dv = dq + 2 * c
            let p = att + (bi * nh + h) * t * t
            let d = dout + bi * t * c + h * hs
            // dP (T, T) = dout (T, hs) · Vᵀ
            sgemm(transA: false, transB: true, m: t, n: t, k: hs, d, lda: c, v, ldb: c3, beta: 0, scratch, ldc: t)
            // dV (T, hs) = Pᵀ · dout
            sgemm(transA: true, transB: false, m: t, n: hs, k: t, p, lda: t, d, ldb: c, beta: 0, dv, ldc: c3)
            // dS = scale · P ⊙ (dP − rowsum(P ⊙ dP)), in place in scratch
            for row in 0..<t {
                let pr = p + row * t, dr = scratch + row * t
                var dot: Float = 0
                for j in 0...row { dot += pr[j] * dr[j] }
                for j in 0...row { dr[j] = scale * pr[j] * (dr[j] - dot) }
                for j in (row + 1)..<t { dr[j] = 0 }
            }
            // dQ (T, hs) = dS · K;  dK (T, hs) = dSᵀ · Q
            sgemm(transA: false, transB: false, m: t, n: hs, k: t, scratch, lda: t, k, ldb: c3, beta: 0, dq, ldc: c3)
            sgemm(transA: true, transB: false, m: t, n: hs, k: t, scratch, lda: t, q, ldb: c3, beta: 0, dk, ldc: c3)
        }
    }
}

/// Softmax of each row of `p` (T, T) over columns 0...row; columns above the diagonal become 0.
@inline(__always)
private func causalSoftmaxRows(_ p: UnsafeMutablePointer<Float>, t: Int) {
    for row in 0..<t {
        let r = p + row * t
        var maximum = -Float.infinity
        for j in 0...row { maximum = max(maximum, r[j]) }
        var sum: Float = 0
        for j in 0...row {
            let e = fastExp(r[j] - maximum)
            r[j] = e
            sum += e
        }
        let inv = 1 / sum
        for j in 0...row { r[j] *= inv }
        for j in (row + 1)..<t { r[j] = 0 }
    }
}
