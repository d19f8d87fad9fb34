// Token plus learned position embeddings.

/// `tokens` is (B, T) bytes as Int32; `wte` (V, C), `wpe` (T, C); writes `out` (B, T, C).
func encoderForward(
    _ out: UnsafeMutablePointer<Float>, _ tokens: UnsafePointer<Int32>,
    _ wte: UnsafePointer<Float>, _ wpe: UnsafePointer<Float>, b: Int, t: Int, c: Int
) {
    for bi in 0..<b {
        for ti in 0..<t {
            let o = out + (bi * t + ti) * c
            let e = wte + Int(tokens[bi * t + ti]) * c
            let p = wpe + ti * c
            for i in 0..<c { o[i] = e[i] + p[i] }
        }
    }
}

/// Given `dout` (B, T, C): accumulates `dwte` (V, C) and `dwpe` (T, C).
func encoderBackward(
    _ dwte: UnsafeMutablePointer<Float>, _ dwpe: UnsafeMutablePointer<Float>, _ dout: UnsafePointer<Float>,
    _ tokens: UnsafePointer<Int32>, b: Int, t: Int, c: Int
) {
    for bi in 0..<b {
        for ti in 0..<t {
            let d = dout + (bi * t + ti) * c
            let e = dwte + Int(tokens[bi * t + ti]) * c
            let p = dwpe + ti * c
            for i in 0..<c {
                e[i] += d[i]
                p[i] += d[i]
            }
        }
    }
}
