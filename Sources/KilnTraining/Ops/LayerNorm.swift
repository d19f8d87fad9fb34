// LayerNorm over the last axis: out = (x − mean) · rstd · weight + bias, eps 1e-5 (PyTorch's default).

/// `inp` is (N, C); writes `out` (N, C) and, for the backward pass, `mean` and `rstd` (N).
func layerNormForward(
    _ out: UnsafeMutablePointer<Float>, _ mean: UnsafeMutablePointer<Float>, _ rstd: UnsafeMutablePointer<Float>,
    _ inp: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, _ bias: UnsafePointer<Float>, n: Int, c: Int,
    workers: Int = 1
) {
    let invC = 1 / Float(c)
    parallelChunks(count: n, workers: workers) { rows in
        for row in rows {
            let x = inp + row * c
            var sum: Float = 0
            for i in 0..<c { sum += x[i] }
            let m = sum * invC
            var variance: Float = 0
            for i in 0..<c {
                let d = x[i] - m
                variance += d * d
            }
            let s = 1 / (variance * invC + 1e-5).squareRoot()
            let o = out + row * c
            for i in 0..<c { o[i] = (x[i] - m) * s * weight[i] + bias[i] }
            mean[row] = m
            rstd[row] = s
        }
    }
}

/// Given `dout` (N, C): accumulates `dinp` (N, C), `dweight` and `dbias` (C).
func layerNormBackward(
    _ dinp: UnsafeMutablePointer<Float>, _ dweight: UnsafeMutablePointer<Float>, _ dbias: UnsafeMutablePointer<Float>,
    _ dout: UnsafePointer<Float>, _ inp: UnsafePointer<Float>, _ weight: UnsafePointer<Float>,
    _ mean: UnsafePointer<Float>, _ rstd: UnsafePointer<Float>, n: Int, c: Int
) {
    let invC = 1 / Float(c)
    for row in 0..<n {
        let x = inp + row * c
        let d = dout + row * c
        let di = dinp + row * c
        let m = mean[row]
        let s = rstd[row]
        // the two reductions of the LayerNorm gradient
        var dnormMean: Float = 0
        var dnormNormMean: Float = 0
        for i in 0..<c {
            let norm = (x[i] - m) * s
            let dnorm = weight[i] * d[i]
            dnormMean += dnorm
            dnormNormMean += dnorm * norm
        }
        dnormMean *= invC
        dnormNormMean *= invC
        for i in 0..<c {
            let norm = (x[i] - m) * s
            let dnorm = weight[i] * d[i]
            dbias[i] += d[i]
            dweight[i] += norm * d[i]
            di[i] += (dnorm - dnormMean - norm * dnormNormMean) * s
        }
    }
}
