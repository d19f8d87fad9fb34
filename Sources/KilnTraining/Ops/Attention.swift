import Dispatch

// Causal multi-head self-attention, batched per (batch, head) through sgemm.
// qkv is (B, T, 3C) holding Q, K, V side by side; head h uses channels h·hs..<(h+1)·hs of each.
// With `workers` > 1 the (batch, head) pairs are spread over that many threads, each running
// single-threaded sgemm: these products are too small for BLAS's own threading to pay.

/// Writes `out` (B, T, C) and the attention probabilities `att` (B, NH, T, T), zero above the diagonal.
func attentionForward(
    _ out: UnsafeMutablePointer<Float>, _ att: UnsafeMutablePointer<Float>, _ qkv: UnsafePointer<Float>,
    b: Int, t: Int, c: Int, nh: Int, workers: Int = 1
) {
    let hs = c / nh
    let c3 = 3 * c
    let scale = 1 / Float(hs).squareRoot()
    let half = t / 2
    forEachHead(b: b, nh: nh, workers: workers) { bi, h, _ in
        let q = qkv + bi * t * c3 + h * hs
        let k = q + c
        let v = q + 2 * c
        let p = att + (bi * nh + h) * t * t
        // Causality: queries before `half` only need the first `half` keys, saving a quarter of the work.
        // scores (T, T) = scale · Q (T, hs) · Kᵀ (hs, T); the later queries over all keys
        sgemm(
            transA: false, transB: true, m: half, n: half, k: hs, alpha: scale, q, lda: c3, k, ldb: c3,
            beta: 0, p, ldc: t)
        sgemm(
            transA: false, transB: true, m: t - half, n: t, k: hs, alpha: scale, q + half * c3, lda: c3, k,
            ldb: c3, beta: 0, p + half * t, ldc: t)
        causalSoftmaxRows(p, t: t)
        // out (T, hs) = P (T, T) · V (T, hs)
        let o = out + bi * t * c + h * hs
        sgemm(transA: false, transB: false, m: half, n: hs, k: half, p, lda: t, v, ldb: c3, beta: 0, o, ldc: c)
        sgemm(
            transA: false, transB: false, m: t - half, n: hs, k: t, p + half * t, lda: t, v, ldb: c3,
            beta: 0, o + half * c, ldc: c)
    }
}

/// Given `dout` (B, T, C): writes all of `dqkv` (B, T, 3C). `scratch` holds (workers, T, T).
func attentionBackward(
    _ dqkv: UnsafeMutablePointer<Float>, _ scratch: UnsafeMutablePointer<Float>, _ dout: UnsafePointer<Float>,
    _ qkv: UnsafePointer<Float>, _ att: UnsafePointer<Float>, b: Int, t: Int, c: Int, nh: Int, workers: Int = 1
) {
    let hs = c / nh
    let c3 = 3 * c
    let scale = 1 / Float(hs).squareRoot()
    let half = t / 2
    forEachHead(b: b, nh: nh, workers: workers) { bi, h, worker in
        let q = qkv + bi * t * c3 + h * hs
        let k = q + c
        let v = q + 2 * c
        let dq = dqkv + bi * t * c3 + h * hs
        let dk = dq + c
        let dv = dq + 2 * c
        let p = att + (bi * nh + h) * t * t
        let d = dout + bi * t * c + h * hs
        let ds = scratch + worker * t * t
        // dP (T, T) = dout (T, hs) · Vᵀ, in the two causal blocks as in the forward pass
        sgemm(transA: false, transB: true, m: half, n: half, k: hs, d, lda: c, v, ldb: c3, beta: 0, ds, ldc: t)
        sgemm(
            transA: false, transB: true, m: t - half, n: t, k: hs, d + half * c, lda: c, v, ldb: c3,
            beta: 0, ds + half * t, ldc: t)
        // dV (T, hs) = Pᵀ · dout; keys past `half` only receive from queries past `half`
        sgemm(transA: true, transB: false, m: half, n: hs, k: t, p, lda: t, d, ldb: c, beta: 0, dv, ldc: c3)
        sgemm(
            transA: true, transB: false, m: t - half, n: hs, k: t - half, p + half * t + half, lda: t,
            d + half * c, ldb: c, beta: 0, dv + half * c3, ldc: c3)
        // dS = scale · P ⊙ (dP − rowsum(P ⊙ dP)), in place
        for row in 0..<t {
            let pr = p + row * t
            let dr = ds + row * t
            var dot: Float = 0
            for j in 0...row { dot += pr[j] * dr[j] }
            for j in 0...row { dr[j] = scale * pr[j] * (dr[j] - dot) }
            for j in (row + 1)..<t { dr[j] = 0 }
        }
        // dQ (T, hs) = dS · K;  dK (T, hs) = dSᵀ · Q, in the same causal blocks
        sgemm(transA: false, transB: false, m: half, n: hs, k: half, ds, lda: t, k, ldb: c3, beta: 0, dq, ldc: c3)
        sgemm(
            transA: false, transB: false, m: t - half, n: hs, k: t, ds + half * t, lda: t, k, ldb: c3,
            beta: 0, dq + half * c3, ldc: c3)
        sgemm(transA: true, transB: false, m: half, n: hs, k: t, ds, lda: t, q, ldb: c3, beta: 0, dk, ldc: c3)
        sgemm(
            transA: true, transB: false, m: t - half, n: hs, k: t - half, ds + half * t + half, lda: t,
            q + half * c3, ldb: c3, beta: 0, dk + half * c3, ldc: c3)
    }
}

/// Calls `body(batch, head, worker)` for every pair, on `workers` threads when more than one.
@inline(__always)
private func forEachHead(b: Int, nh: Int, workers: Int, _ body: (Int, Int, Int) -> Void) {
    guard workers > 1 else {
        for pair in 0..<(b * nh) { body(pair / nh, pair % nh, 0) }
        return
    }
    setBLASThreads(1)
    withoutActuallyEscaping(body) { body in
        let work = HeadWork(body: body)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for pair in stride(from: worker, to: b * nh, by: workers) { work.body(pair / nh, pair % nh, worker) }
        }
    }
    setBLASThreads(workers)
}

/// Carries the per-head closure to Dispatch's threads. Unchecked because each (batch, head) pair
/// writes only its own slices of the outputs and each worker only its own scratch: no shared writes.
private struct HeadWork: @unchecked Sendable {
    let body: (Int, Int, Int) -> Void
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
