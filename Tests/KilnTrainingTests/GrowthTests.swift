import Foundation
import KilnProtocol
import Testing

@testable import KilnTraining

@Suite struct GrowthTests {
    /// Trains a `layers`-block source model for 3 steps; returns its trainer and final checkpoint.
    static func source(_ fixture: TrainingFixture, layers: Int) throws -> (TrainingLoop, String) {
        var config = fixture.config(steps: 3, output: "source")
        config.layers = layers
        let recorded = MessageLog()
        let trainer = try TrainingLoop(config: config, emit: recorded.record)
        _ = try trainer.run()
        return (trainer, try #require(recorded.checkpoints.last?.path))
    }

    @Test("a stacked model's blocks are the source's blocks repeated; embeddings and final norm are copied")
    func stackedLayers() throws {
        let fixture = try TrainingFixture()
        defer { fixture.remove() }
        let (_, path) = try Self.source(fixture, layers: 2)
        let checkpoint = try Checkpoint.read(from: path)
        var config = fixture.config(steps: 3, output: "grown")
        config.layers = 5
        config.seed = 99
        config.initFrom = InitFrom(path: path, grow: Growth(sourceLayers: 2, layers: 5))
        let grown = try TrainingLoop(config: config, emit: { _ in })
        #expect(grown.step == 0)
        let values = grown.model.parameterValues
        let sourceLayout = ParameterLayout(shape: checkpoint.shape)
        let layout = grown.model.layout
        for index in ParameterLayout.names.indices {
            let mine = Array(values[layout.offsets[index]..<(layout.offsets[index] + layout.sizes[index])])
            let theirs = Array(
                checkpoint.parameters[
                    sourceLayout.offsets[index]..<(sourceLayout.offsets[index] + sourceLayout.sizes[index])])
            if ParameterLayout.blockTensors.contains(index) {
                // blocks 0…4 = source blocks 0, 1, 0, 1, 0
                let perLayer = theirs.count / 2
                let expected = (0..<5).flatMap { l in theirs[(l % 2 * perLayer)..<(l % 2 * perLayer + perLayer)] }
                #expect(mine == expected, "\(ParameterLayout.names[index])")
            } else {
                #expect(mine == theirs, "\(ParameterLayout.names[index])")
            }
        }
    }

    @Test("a model stacked from one block computes at step 0 exactly what that block applied twice computes")
    func stackedLoss() throws {
        let fixture = try TrainingFixture()
        defer { fixture.remove() }
        let (_, path) = try Self.source(fixture, layers: 1)
        let checkpoint = try Checkpoint.read(from: path)
        var config = fixture.config(steps: 3, output: "grown")
        config.layers = 2
        config.initFrom = InitFrom(path: path, grow: Growth(sourceLayers: 1, layers: 2))
        let recorded = MessageLog()
        let grown = try TrainingLoop(config: config, emit: recorded.record)
        // the expected model, built by hand: each tensor of the one-block checkpoint, its block part twice
        let expected = Transformer(shape: grown.model.shape, batch: 4, seed: 0)
        let sourceLayout = ParameterLayout(shape: checkpoint.shape)
        var cursor = 0
        for index in ParameterLayout.names.indices {
            let slice = checkpoint.parameters[
                sourceLayout.offsets[index]..<(sourceLayout.offsets[index] + sourceLayout.sizes[index])]
            for value in ParameterLayout.blockTensors.contains(index) ? Array(slice) + Array(slice) : Array(slice) {
                expected.parameters[cursor] = value
                cursor += 1
            }
        }
        var random = SplitMix64(seed: 3)
        for i in 0..<32 {
            let (input, target) = (Int32(random.next(below: 256)), Int32(random.next(below: 256)))
            (grown.model.inputs[i], grown.model.targets[i]) = (input, target)
            (expected.inputs[i], expected.targets[i]) = (input, target)
        }
        let loss = grown.model.forward()
        #expect(loss.isFinite)
        #expect(loss == expected.forward())
        #expect(try grown.run() == .finished(step: 3))
    }

    @Test("growing refuses a checkpoint of another shape and optimizer state")
    func refusals() throws {
        let fixture = try TrainingFixture()
        defer { fixture.remove() }
        let (_, path) = try Self.source(fixture, layers: 1)
        var config = fixture.config(steps: 3, output: "grown")
        config.layers = 4
        config.initFrom = InitFrom(path: path, grow: Growth(sourceLayers: 2, layers: 4))
        #expect {
            _ = try TrainingLoop(config: config, emit: { _ in })
        } throws: { error in
            guard let error = error as? TrainingError, case .badCheckpoint(_, let reason) = error else { return false }
            return reason.contains("growing needs")
        }
        config.initFrom = InitFrom(path: path, optimizer: true, grow: Growth(sourceLayers: 1, layers: 4))
        #expect(throws: TrainingError.self) { _ = try TrainingLoop(config: config, emit: { _ in }) }
    }
}
