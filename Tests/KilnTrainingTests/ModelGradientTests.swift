import KilnProtocol
import Testing

@testable import KilnTraining

@Suite struct ModelGradientTests {
    /// A tiny model with O(0.3) random weights, so every block contributes to the gradient.
    static func tinyModel(norm: NormPlacement = .pre, mixFraction: Double = 0.25) -> Transformer {
        let model = Transformer(
            shape: ModelShape(layers: 2, width: 8, heads: 2, context: 5), batch: 2, seed: 1, norm: norm,
            mixFraction: mixFraction)
        let noise = GradientCheck.randoms(model.layout.total, seed: 2, scale: 0.3)
        for i in 0..<model.layout.total { model.parameters[i] += noise[i] }
        let bytes: [Int32] = [72, 101, 108, 108, 111, 32, 119, 111, 114, 108, 100, 33]
        for i in 0..<10 {
            model.inputs[i] = bytes[i + i / 5]
            model.targets[i] = bytes[i + i / 5 + 1]
        }
        return model
    }

    /// Each placement on the two-block model; `mix` at fraction 0.5 makes block 0 post-LN and block 1 pre-LN.
    static let placements: [(NormPlacement, Double)] = [(.pre, 0.25), (.post, 0.25), (.mix, 0.5), (.peri, 0.25)]

    @Test(
        "whole-model gradient matches finite differences of the loss for every parameter, for every norm placement",
        arguments: placements)
    func wholeModel(norm: NormPlacement, mixFraction: Double) {
        let model = Self.tinyModel(norm: norm, mixFraction: mixFraction)
        model.zeroGradients()
        model.forward()
        model.backward(lossScale: 1 / Float(10))
        let analytic = model.gradientValues
        var values = model.parameterValues
        let ratio = GradientCheck.worstRatio(&values, analytic: analytic, eps: 1e-2, atol: 1e-4, rtol: 3e-2) { values in
            for i in values.indices { model.parameters[i] = values[i] }
            return Double(model.forward())
        }
        #expect(ratio <= 1, "\(norm)")
    }

    @Test("the placements are different models: each gives its own loss on the same weights and batch")
    func placementsDiffer() {
        let losses = Self.placements.map { Self.tinyModel(norm: $0.0, mixFraction: $0.1).forward() }
        #expect(Set(losses).count == losses.count, "\(losses)")
        #expect(
            NormPlacement.mix.blocks(layers: 8, mixFraction: 0.25) == [.post, .post] + Array(repeating: .pre, count: 6))
        #expect(NormPlacement.mix.blocks(layers: 2, mixFraction: 0.25) == [.pre, .pre])
    }

    @Test("gradient accumulation over two micro-batches equals twice one micro-batch's gradient")
    func accumulation() {
        let model = Self.tinyModel()
        model.zeroGradients()
        model.forward()
        model.backward(lossScale: 0.1)
        let once = model.gradientValues
        model.forward()
        model.backward(lossScale: 0.1)
        for (twice, single) in zip(model.gradientValues, once) {
            #expect(abs(twice - 2 * single) <= 1e-6 + 1e-5 * abs(single))
        }
    }
}

@Suite struct ThreadingTests {
    @Test("two threads give the same loss and gradients as one")
    func threadsAgree() {
        let shape = ModelShape(layers: 2, width: 32, heads: 4, context: 32)
        let models = [1, 2].map { Transformer(shape: shape, batch: 8, seed: 4, threads: $0) }
        var random = SplitMix64(seed: 8)
        for i in 0..<(8 * 32) {
            let (input, target) = (Int32(random.next(below: 256)), Int32(random.next(below: 256)))
            for model in models {
                model.inputs[i] = input
                model.targets[i] = target
            }
        }
        let losses = models.map { model in
            model.zeroGradients()
            let loss = model.forward()
            model.backward(lossScale: 1 / 256)
            return loss
        }
        #expect(abs(losses[0] - losses[1]) < 1e-6)
        let worst = zip(models[0].gradientValues, models[1].gradientValues).map { abs($0 - $1) }.max() ?? 0
        #expect(worst < 1e-6)
    }
}
