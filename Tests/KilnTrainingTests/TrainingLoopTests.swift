import Foundation
import KilnLearningRate
import KilnProtocol
import Testing

@testable import KilnTraining

@Suite struct TrainingLoopTests {
    @Test("the loss at initialisation is within 2% of ln 256")
    func initialLoss() {
        let model = Transformer(shape: ModelShape(layers: 2, width: 32, heads: 4, context: 16), batch: 4, seed: 11)
        var random = SplitMix64(seed: 5)
        for i in 0..<64 {
            model.inputs[i] = Int32(random.next(below: 256))
            model.targets[i] = Int32(random.next(below: 256))
        }
        let loss = Double(model.forward())
        #expect(abs(loss - log(256)) / log(256) < 0.02)
    }

    @Test("a tiny model overfits one batch to below 0.1 nats per byte")
    func overfitsOneBatch() {
        let model = Transformer(shape: ModelShape(layers: 1, width: 32, heads: 2, context: 16), batch: 2, seed: 3)
        let text = Array("the quick brown fox jumps over the lazy dog, twice!!".utf8)
        for i in 0..<32 {
            model.inputs[i] = Int32(text[i + i / 16])
            model.targets[i] = Int32(text[i + i / 16 + 1])
        }
        let optimizer = AdamW(layout: model.layout, beta1: 0.9, beta2: 0.95, epsilon: 1e-8, weightDecay: 0)
        var loss: Float = .infinity
        for _ in 0..<150 {
            model.zeroGradients()
            loss = model.forward()
            model.backward(lossScale: 1 / 32)
            optimizer.step(parameters: model.parameters, gradients: model.gradients, lr: 1e-2)
        }
        #expect(model.forward() < 0.1, "final loss \(loss)")
    }

    @Test("N steps, stop, resume, N more steps gives bit-identical weights to 2N steps straight")
    func exactResume() throws {
        let fixture = try TrainingFixture()
        defer { fixture.remove() }
        var straight = fixture.config(steps: 8, output: "straight")
        straight.accumulation = 2
        let straightTrainer = try TrainingLoop(config: straight, emit: { _ in })
        #expect(try straightTrainer.run() == .finished(step: 8))

        var interrupted = straight
        interrupted.outputDir = fixture.folder.appendingPathComponent("resumed").path
        let recorded = MessageLog()
        let first = try TrainingLoop(config: interrupted, emit: recorded.record)
        #expect(try first.run(shouldStop: { first.step == 4 }) == .stopped(step: 4))
        #expect(recorded.checkpoints.map(\.step) == [4])

        interrupted.resumeFrom = recorded.checkpoints[0].path
        let second = try TrainingLoop(config: interrupted, emit: recorded.record)
        #expect(second.step == 4)
        #expect(try second.run() == .finished(step: 8))
        #expect(second.model.parameterValues == straightTrainer.model.parameterValues)
        #expect(second.optimizer.momentValues.v == straightTrainer.optimizer.momentValues.v)
    }

    @Test(
        "init_from loads exactly the saved weights, with or without optimizer state and step",
        arguments: [(false, false), (true, true)])
    func initFrom(optimizer: Bool, keepStep: Bool) throws {
        let fixture = try TrainingFixture()
        defer { fixture.remove() }
        let recorded = MessageLog()
        let source = try TrainingLoop(config: fixture.config(steps: 3, output: "source"), emit: recorded.record)
        _ = try source.run()
        let path = try #require(recorded.checkpoints.last?.path)

        var branch = fixture.config(steps: 6, output: "branch")
        branch.seed = 99  // a different initialisation, so loading must overwrite it
        branch.initFrom = InitFrom(path: path, optimizer: optimizer, keepStep: keepStep)
        let trainer = try TrainingLoop(config: branch, emit: { _ in })
        #expect(trainer.model.parameterValues == source.model.parameterValues)
        #expect(trainer.step == (keepStep ? 3 : 0))
        #expect(trainer.optimizer.updates == (optimizer ? 3 : 0))
        #expect(
            trainer.optimizer.momentValues.m
                == (optimizer
                    ? source.optimizer.momentValues.m : Array(repeating: 0, count: trainer.model.layout.total)))
    }

    @Test("a non-finite loss stops training with the diverged error and exit code 3")
    func divergence() throws {
        let fixture = try TrainingFixture()
        defer { fixture.remove() }
        var config = fixture.config(steps: 5)
        config.schedule = .constant(ConstantSchedule(peak: .infinity))
        config.gradClip = 0
        let recorded = MessageLog()
        let trainer = try TrainingLoop(config: config, emit: recorded.record)
        #expect {
            try trainer.run()
        } throws: { error in
            guard let error = error as? TrainingError, case .diverged = error else { return false }
            return error.exitCode == TrainerExitCode.diverged
        }
        guard case .error(let message) = recorded.messages.last else {
            Issue.record("no error message emitted")
            return
        }
        #expect(message.contains("diverged"))
    }

    @Test("metrics carry every documented key, including the validation loss in nats and bits")
    func metricKeys() throws {
        let fixture = try TrainingFixture()
        defer { fixture.remove() }
        var config = fixture.config(steps: 2)
        config.eval = [EvalSet(name: "held", source: fixture.textPath)]
        config.evalEvery = 2
        let recorded = MessageLog()
        _ = try TrainingLoop(config: config, emit: recorded.record).run()
        let last = recorded.messages.compactMap { if case .metrics(2, let values) = $0 { values } else { nil } }.first
        let values = try #require(last)
        for key in [
            "train/loss", "lr", "tokens", "flops", "grad_norm", "tokens_per_s", "val/held/loss", "val/held/bpb",
        ] {
            #expect(values[key] != nil, "missing \(key)")
        }
        #expect(values["tokens"] == 64.0)
        #expect(abs(values["val/held/bpb"]! - values["val/held/loss"]! / log(2)) < 1e-12)
        #expect(recorded.messages.first == .start(totalSteps: 2))
    }
}
