import KilnProtocol
import Foundation

/// Measures full training steps (forward, backward, clipping, AdamW) of fixed shapes on random bytes,
/// and this machine's sgemm peak, for `kiln bench train`.
package struct TrainBenchmark: Sendable {
    /// One configuration to measure.
    package struct Case: Sendable, Hashable {
        package var layers, heads, width, context, batch, threads: Int

        package init(layers: Int, heads: Int, width: Int, context: Int, batch: Int, threads: Int) {
            (self.layers, self.heads, self.width, self.context, self.batch, self.threads) =
                (layers, heads, width, context, batch, threads)
        }
    }

    /// A measured configuration.
    package struct Result: Sendable, Codable {
        package var layers, heads, width, context, batch, threads: Int
        package var tokensPerSecond: Double
        /// Achieved training GFLOP/s by `ModelShape.flopsPerToken`.
        package var gflops: Double
        /// `gflops` over the measured sgemm peak at the same thread count.
        package var peakFraction: Double
        package var milliseconds: Double

        enum CodingKeys: String, CodingKey {
            case layers, heads, width, context, batch, threads, gflops, milliseconds
            case tokensPerSecond = "tokens_per_s"
            case peakFraction = "peak_fraction"
        }
    }

    /// The standard shapes as [layers, heads, width, context, batch].
    package static let standardShapes = [
        [2, 2, 64, 64, 32], [4, 4, 128, 128, 16], [6, 6, 192, 128, 16], [8, 8, 256, 256, 8],
    ]

    /// Timed steps per case (after one warm-up step).
    package var steps: Int

    package init(steps: Int = 10) { self.steps = max(1, steps) }

    /// sgemm GFLOP/s on `size`³ products with `threads` BLAS threads: the best of several repetitions.
    package static func sgemmPeak(threads: Int, size: Int = 512) -> Double {
        setBLASThreads(threads)
        let a = [Float](repeating: 0.5, count: size * size)
        let b = a
        var c = [Float](repeating: 0, count: size * size)
        var best = 0.0
        for _ in 0..<8 {
            let start = ContinuousClock.now
            for _ in 0..<4 {
                sgemm(
                    transA: false, transB: false, m: size, n: size, k: size, a, lda: size, b, ldb: size,
                    beta: 0, &c, ldc: size)
            }
            best = max(best, 4 * 2 * pow(Double(size), 3) / seconds(since: start) / 1e9)
        }
        return best
    }

    /// Measures one case; `peak` is the sgemm GFLOP/s at its thread count.
    package func measure(_ item: Case, peak: Double) -> Result {
        setBLASThreads(item.threads)
        let shape = ModelShape(layers: item.layers, width: item.width, heads: item.heads, context: item.context)
        let model = Transformer(shape: shape, batch: item.batch, seed: 1, threads: item.threads)
        let optimizer = AdamW(layout: model.layout, beta1: 0.9, beta2: 0.95, epsilon: 1e-8, weightDecay: 0.1)
        var random = SplitMix64(seed: 2)
        for i in 0..<model.inputs.count {
            model.inputs[i] = Int32(random.next(below: 256))
            model.targets[i] = Int32(random.next(below: 256))
        }
        let tokens = item.batch * item.context
        func step() {
            model.zeroGradients()
            model.forward()
            model.backward(lossScale: 1 / Float(tokens))
            let norm = globalNorm(model.gradients)
            if norm > 1 { scale(model.gradients, by: Float(1 / norm)) }
            optimizer.step(parameters: model.parameters, gradients: model.gradients, lr: 1e-4)
        }
        step()
        let start = ContinuousClock.now
        for _ in 0..<steps { step() }
        let elapsed = Self.seconds(since: start)
        let tokensPerSecond = Double(steps * tokens) / elapsed
        let gflops = tokensPerSecond * shape.flopsPerToken / 1e9
        return Result(
            layers: item.layers, heads: item.heads, width: item.width, context: item.context,
            batch: item.batch, threads: item.threads, tokensPerSecond: tokensPerSecond, gflops: gflops,
            peakFraction: gflops / peak, milliseconds: elapsed / Double(steps) * 1000)
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
