// Residual connection.

/// `out` (N) = `a` (N) + `b` (N).
func residualForward(
    _ out: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int
) {
    for i in 0..<count { out[i] = a[i] + b[i] }
}
