// Linear layer through BLAS: `out = inp · weightᵀ + bias`, the layout of PyTorch's nn.Linear.

/// `inp` is (N, C), `weight` is (OC, C), `bias` is (OC) or nil; writes `out` (N, OC).
func matmulForward(
    _ out: UnsafeMutablePointer<Float>, _ inp: UnsafePointer<Float>,
    _ weight: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?, n: Int, c: Int, oc: Int
) {
    if let bias {
        for row in 0..<n {
            let o = out + row * oc
            for j in 0..<oc { o[j] = bias[j] }
        }
    }
    sgemm(
        transA: false, transB: true, m: n, n: oc, k: c, inp, lda: c, weight, ldb: c,
        beta: bias == nil ? 0 : 1, out, ldc: oc)
}

/// Given `dout` (N, OC): writes `dinp` (N, C), accumulates `dweight` (OC, C) and `dbias` (OC).
func matmulBackward(
    _ dinp: UnsafeMutablePointer<Float>, _ dweight: UnsafeMutablePointer<Float>,
    _ dbias: UnsafeMutablePointer<Float>?, _ dout: UnsafePointer<Float>, _ inp: UnsafePointer<Float>,
    _ weight: UnsafePointer<Float>, n: Int, c: Int, oc: Int
) {
    // dinp (N, C) = dout (N, OC) · weight (OC, C)
    sgemm(transA: false, transB: false, m: n, n: c, k: oc, dout, lda: oc, weight, ldb: c, beta: 0, dinp, ldc: c)
    // dweight (OC, C) += doutᵀ (OC, N) · inp (N, C)
    sgemm(transA: true, transB: false, m: oc, n: c, k: n, dout, lda: oc, inp, ldb: c, beta: 1, dweight, ldc: c)
    if let dbias {
        for row in 0..<n {
            let d = dout + row * oc
            for j in 0..<oc { dbias[j] += d[j] }
        }
    }
}
