// GELU, tanh approximation (GPT-2; PyTorch's `approximate="tanh"`):
// y = ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).

private let geluScale: Float = 0.7978845608028654  // √(2/π)

/// `inp` and `out` are (N).
func geluForward(_ out: UnsafeMutablePointer<Float>, _ inp: UnsafePointer<Float>, count: Int, workers: Int = 1) {
    parallelChunks(count: count, workers: workers, minimum: 4096) { range in
        for i in range {
            let x = inp[i]
            let u = geluScale * (x + 0.044715 * x * x * x)
            out[i] = 0.5 * x * (1 + fastTanh(u))
        }
    }
}

/// Given `dout` (N): writes `dinp` (N).
func geluBackward(
    _ dinp: UnsafeMutablePointer<Float>, _ inp: UnsafePointer<Float>, _ dout: UnsafePointer<Float>, count: Int,
    workers: Int = 1
) {
    parallelChunks(count: count, workers: workers, minimum: 4096) { range in
        for i in range {
            let x = inp[i]
            let u = geluScale * (x + 0.044715 * x * x * x)
            let t = fastTanh(u)
            let sech2 = 1 - t * t
            let local = 0.5 * (1 + t) + 0.5 * x * sech2 * geluScale * (1 + 3 * 0.044715 * x * x)
            dinp[i] = local * dout[i]
        }
    }
}
