import Foundation

// Softmax cross-entropy over the vocabulary, fused: the logits become probabilities in place.

/// `logits` is (N, V), overwritten with probabilities; writes `losses` (N) = −ln p[target] in nats.
func crossEntropyForward(
    _ losses: UnsafeMutablePointer<Float>, _ logits: UnsafeMutablePointer<Float>,
    _ targets: UnsafePointer<Int32>, n: Int, v: Int, workers: Int = 1
) {
    parallelChunks(count: n, workers: workers) { rows in
        for row in rows {
            let r = logits + row * v
            var maximum = -Float.infinity
            for j in 0..<v { maximum = max(maximum, r[j]) }
            let targetLogit = r[Int(targets[row])]
            var sum: Float = 0
            for j in 0..<v {
                let e = fastExp(r[j] - maximum)
                r[j] = e
                sum += e
            }
            let inv = 1 / sum
            for j in 0..<v { r[j] *= inv }
            // −ln p = max + ln Σ e^(logit − max) − logit[target], finite even when p underflows
            losses[row] = maximum + log(sum) - targetLogit
        }
    }
}

/// `probs` (N, V) from the forward pass; writes `dlogits` (N, V) = `scale` · (probs − onehot(target)).
func crossEntropyBackward(
    _ dlogits: UnsafeMutablePointer<Float>, _ probs: UnsafePointer<Float>,
    _ targets: UnsafePointer<Int32>, scale: Float, n: Int, v: Int, workers: Int = 1
) {
    parallelChunks(count: n, workers: workers) { rows in
        for row in rows {
            let p = probs + row * v
            let d = dlogits + row * v
            for j in 0..<v { d[j] = scale * p[j] }
            d[Int(targets[row])] -= scale
        }
    }
}
