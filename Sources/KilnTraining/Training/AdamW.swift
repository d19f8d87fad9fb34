import Foundation

/// AdamW (Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization"), with PyTorch's
/// update order. Weight decay applies to matrices only (`ParameterLayout.isDecayed`).
package final class AdamW {
    package var beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float
    /// Updates taken so far (`t` in the paper; bias corrections use it).
    package var updates: Int = 0
    /// First moments, one per parameter.
    package let m: UnsafeMutableBufferPointer<Float>
    /// Second moments, one per parameter.
    package let v: UnsafeMutableBufferPointer<Float>
    private let decayMask: [(range: Range<Int>, decayed: Bool)]

    package init(layout: ParameterLayout, beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        m = .allocate(capacity: layout.total)
        v = .allocate(capacity: layout.total)
        m.initialize(repeating: 0)
        v.initialize(repeating: 0)
        decayMask = layout.offsets.indices.map {
            (layout.offsets[$0]..<(layout.offsets[$0] + layout.sizes[$0]), ParameterLayout.isDecayed($0))
        }
    }

    deinit {
        m.deallocate()
        v.deallocate()
    }

    /// Copies of the first and second moments (safe to keep after the optimizer is gone).
    package var momentValues: (m: [Float], v: [Float]) { (Array(m), Array(v)) }

    /// One update of `parameters` from `gradients` at learning rate `lr`.
    package func step(
        parameters: UnsafeMutableBufferPointer<Float>, gradients: UnsafeMutableBufferPointer<Float>,
        lr: Float
    ) {
        updates += 1
        // bias corrections 1 − β^t, folded into the step size and ε as PyTorch does
        let correction1 = 1 - Float(pow(Double(beta1), Double(updates)))
        let correction2 = 1 - Float(pow(Double(beta2), Double(updates)))
        let stepSize = lr / correction1
        let rootCorrection2 = correction2.squareRoot()
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        let p = parameters.baseAddress!
        let g = gradients.baseAddress!
        let m = m.baseAddress!
        let v = v.baseAddress!
        for (range, decayed) in decayMask {
            let shrink: Float = decayed ? 1 - lr * weightDecay : 1
            for i in range {
                let grad = g[i]
                let mi = b1 * m[i] + (1 - b1) * grad
                let vi = b2 * v[i] + (1 - b2) * grad * grad
                m[i] = mi
                v[i] = vi
                let denominator = vi.squareRoot() / rootCorrection2 + eps
                p[i] = p[i] * shrink - stepSize * mi / denominator
            }
        }
    }
}

/// Global L2 norm of `values`.
package func globalNorm(_ values: UnsafeMutableBufferPointer<Float>) -> Double {
    let base = values.baseAddress!
    var total: Double = 0
    var start = 0
    // Float partial sums over blocks (vectorised), combined in Double.
    while start < values.count {
        let end = min(start + 4096, values.count)
        var partial: Float = 0
        for i in start..<end { partial += base[i] * base[i] }
        total += Double(partial)
        start = end
    }
    return total.squareRoot()
}

/// Multiplies every value by `factor`.
package func scale(_ values: UnsafeMutableBufferPointer<Float>, by factor: Float) {
    let base = values.baseAddress!
    for i in 0..<values.count { base[i] *= factor }
}
