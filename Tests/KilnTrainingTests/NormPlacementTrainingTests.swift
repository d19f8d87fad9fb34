import Foundation
import KilnProtocol
import Testing

@testable import KilnTraining

@Suite struct NormPlacementTrainingTests {
    @Test("log_layer_grad_norms reports each block's gradient norm at the logged steps, and only when asked")
    func layerGradientNorms() throws {
        let fixture = try TrainingFixture()
        defer { fixture.remove() }
        var config = fixture.config(steps: 4)
        config.layers = 3
        config.logEvery = 2
        config.norm = .peri
        config.logLayerGradNorms = true
        let recorded = MessageLog()
        _ = try TrainingLoop(config: config, emit: recorded.record).run()
        let logged = recorded.messages.compactMap {
            if case .metrics(let step, let values) = $0 { (step, values) } else { nil }
        }
        #expect(logged.map(\.0) == [2, 4])
        for (_, values) in logged {
            let layers = try (0..<3).map { try #require(values["grad_norm/layer\($0)"]) }
            #expect(layers.allSatisfy { $0 > 0 && $0.isFinite })
            // the blocks are part of the whole model: their norms add up to at most the global norm
            let norm = try #require(values["grad_norm"])
            #expect(layers.map { $0 * $0 }.reduce(0, +) <= norm * norm * (1 + 1e-6))
            #expect(values["grad_norm/layer3"] == nil)
        }

        config.logLayerGradNorms = false
        config.outputDir = fixture.folder.appendingPathComponent("quiet").path
        let quiet = MessageLog()
        _ = try TrainingLoop(config: config, emit: quiet.record).run()
        for case .metrics(_, let values) in quiet.messages {
            #expect(!values.keys.contains { $0.hasPrefix("grad_norm/") })
        }
    }

    @Test("the per-block norms are the norms of each block's slices of the gradient buffer")
    func layerNormsMatchTheBuffer() {
        let model = ModelGradientTests.tinyModel(norm: .post)
        model.zeroGradients()
        model.forward()
        model.backward(lossScale: 0.1)
        let gradients = model.gradientValues
        let norms = model.layerGradientNorms()
        for layer in 0..<2 {
            var square = 0.0
            for index in ParameterLayout.blockTensors {
                let perLayer = model.layout.sizes[index] / 2
                let start = model.layout.offsets[index] + layer * perLayer
                square += gradients[start..<(start + perLayer)].reduce(0) { $0 + Double($1) * Double($1) }
            }
            #expect(abs(norms[layer] - square.squareRoot()) <= 1e-5 * square.squareRoot())
        }
    }

    @Test("kiln-train refuses a mix fraction outside 0 to 1")
    func badMixFraction() throws {
        let fixture = try TrainingFixture()
        defer { fixture.remove() }
        var config = fixture.config(steps: 2)
        config.norm = .mix
        config.normMixFraction = 1.5
        #expect {
            _ = try TrainingLoop(config: config, emit: { _ in })
        } throws: { error in
            guard let error = error as? TrainingError, case .badConfiguration(let message) = error else { return false }
            return message.contains("norm_mix_fraction")
        }
    }
}
