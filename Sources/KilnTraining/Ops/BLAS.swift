import COpenBLAS

/// Row-major `c = alpha · op(a) · op(b) + beta · c` with `op(a)` (m, k), `op(b)` (k, n), `c` (m, n);
/// `lda`, `ldb`, `ldc` are the row strides as stored.
@inline(__always)
func sgemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
    _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
    beta: Float, _ c: UnsafeMutablePointer<Float>, ldc: Int
) {
    guard m > 0, n > 0 else { return }
    cblas_sgemm(
        CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
        Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// BLAS threads for every following matrix product in this process.
package func setBLASThreads(_ count: Int) {
    openblas_set_num_threads(Int32(max(1, count)))
}

/// The kernel family OpenBLAS chose for this CPU (for example `Haswell`; `OPENBLAS_CORETYPE` overrides it).
package var blasCoreName: String {
    openblas_get_corename().map { String(cString: $0) } ?? "unknown"
}
