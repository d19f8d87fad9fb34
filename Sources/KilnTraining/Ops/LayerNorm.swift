// LayerNorm over the last axis: out = (x − mean) · rstd · weight + bias, eps 1e-5 (PyTorch's default).
// Without weight and bias (nil), out = (x − mean) · rstd: Peri-LN's output norm here.

/// `inp` is (N, C); writes `out` (N, C) and, for the backward pass, `mean` and `rstd` (N).
func layerNormForward(
    _ out: UnsafeMutablePointer<Float>, _ mean: UnsafeMutablePointer<Float>, _ rstd: UnsafeMutablePointer<Float>,
    _ inp: UnsafePointer<Float>, _ weight: UnsafePointer<Float>?, _ bias: UnsafePointer<Float>?, n: Int, c: Int,
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
            if let weight, let bias {
                for i in 0..<c { o[i] = (x[i] - m) * s * weight[i] + bias[i] }
            } else {
                for i in 0..<c { o[i] = (x[i] - m) * s }
            }
            mean[row] = m
            rstd[row] = s
        }
    }
}

/// Given `dout` (N, C): accumulates `dinp` (N, C), `dweight` and `dbias` (C); all three weight
/// arguments nil for the LayerNorm without gain and bias.
func layerNormBackward(
    _ dinp: UnsafeMutablePointer<Float>, _ dweight: UnsafeMutablePointer<Float>?, _ dbias: UnsafeMutablePointer<Float>?,
    _ dout: UnsafePointer<Float>, _ inp: UnsafePointer<Float>, _ weight: UnsafePointer<Float>?,
    _ mean: UnsafePointer<Float>, _ rstd: UnsafePointer<Float>, n: Int, c: Int
) {
    let invC = 1 / Float(c)
    for row in 0..<n {
        let x = inp + row * c
        let d = dout + row * c
        let di = dinp + row * c
        let m = mean[row]
        let s = rstd[row]
        // the two reductions of the LayerNorm gradient, over dnorm = weight · dout (dout without a gain)
        var dnormMean: Float = 0
        var dnormNormMean: Float = 0
        if let weight {
            for i in 0..<c {
                let norm = (x[i] - m) * s
                let dnorm = weight[i] * d[i]
                dnormMean += dnorm
                dnormNormMean += dnorm * norm
            }
        } else {
            for i in 0..<c {
                let norm = (x[i] - m) * s
                dnormMean += d[i]
                dnormNormMean += d[i] * norm
            }
        }
        dnormMean *= invC
        dnormNormMean *= invC
        if let weight, let dweight, let dbias {
            for i in 0..<c {
                let norm = (x[i] - m) * s
                dbias[i] += d[i]
                dweight[i] += norm * d[i]
                di[i] += (weight[i] * d[i] - dnormMean - norm * dnormNormMean) * s
            }
        } else {
            for i in 0..<c {
                let norm = (x[i] - m) * s
                di[i] += (d[i] - dnormMean - norm * dnormNormMean) * s
            }
        }
    }
}
