import Foundation
import KilnProtocol
import Testing

@testable import KilnTraining

@Suite struct DataTests {
    @Test("nanoGPT uint16 token files decode to bytes; tokens ≥ 256 are rejected with their position")
    func tokenFiles() throws {
        let fixture = try TrainingFixture()
        defer { fixture.remove() }
        let good = fixture.folder.appendingPathComponent("good.bin").path
        try Data([104, 0, 105, 0, 255, 0]).write(to: URL(fileURLWithPath: good))
        #expect(try ByteCorpus.loadFile(good) == [104, 105, 255])
        let bad = fixture.folder.appendingPathComponent("bad.bin").path
        try Data([104, 0, 0x59, 0xC4]).write(to: URL(fileURLWithPath: bad))
        #expect(throws: TrainingError.tokenOutOfRange(path: bad, index: 1, token: 50265)) {
            try ByteCorpus.loadFile(bad)
        }
    }

    @Test("a missing corpus names the data folder and the command that prepares it")
    func missingCorpus() {
        #expect(throws: TrainingError.missingCorpus(name: "prose", dataDir: "/nowhere")) {
            try ByteCorpus.load("prose", split: .train, dataDir: "/nowhere")
        }
        let message = TrainingError.missingCorpus(name: "prose", dataDir: "/nowhere").description
        #expect(message.contains("kiln data prepare --data-dir /nowhere"))
    }

    @Test("the sampler is a pure function of (seed, step, micro-batch) and follows the mixture's phases")
    func sampler() throws {
        let fixture = try TrainingFixture(text: Array(repeating: UInt8(ascii: "a"), count: 1000))
        defer { fixture.remove() }
        let other = fixture.folder.appendingPathComponent("b.txt").path
        try Data(repeating: UInt8(ascii: "b"), count: 1000).write(to: URL(fileURLWithPath: other))
        let mixture = DataMixture(
            mixture: [DataComponent(source: fixture.textPath, weight: 1), DataComponent(source: other, weight: 0)],
            phases: [DataPhase(from: 0.5, mixture: [DataComponent(source: other, weight: 1)])])
        let sampler = try BatchSampler(
            mixture: mixture, totalSteps: 10, context: 8, dataDir: fixture.folder.path, seed: 1)
        let model = Transformer(shape: ModelShape(layers: 1, width: 8, heads: 1, context: 8), batch: 4, seed: 0)
        sampler.fill(model, step: 4, micro: 0)
        #expect(model.inputValues.allSatisfy { $0 == Int32(UInt8(ascii: "a")) })
        sampler.fill(model, step: 5, micro: 0)
        #expect(model.inputValues.allSatisfy { $0 == Int32(UInt8(ascii: "b")) })

        let markov = try BatchSampler(
            mixture: DataMixture(mixture: [DataComponent(source: try TrainingFixture().textPath, weight: 1)]),
            totalSteps: 10, context: 8, dataDir: fixture.folder.path, seed: 1)
        markov.fill(model, step: 3, micro: 1)
        let first = model.inputValues
        let firstTargets = model.targetValues
        markov.fill(model, step: 2, micro: 1)
        #expect(model.inputValues != first)
        markov.fill(model, step: 3, micro: 1)
        #expect(model.inputValues == first)
        #expect(Array(firstTargets[0..<7]) == Array(first[1..<8]))
    }

    @Test("kiln data prepare builds the three corpora with manifests and does not rebuild them")
    func prepare() throws {
        let fixture = try TrainingFixture()
        defer { fixture.remove() }
        let fortunes = fixture.folder.appendingPathComponent("fortunes")
        try FileManager.default.createDirectory(at: fortunes, withIntermediateDirectories: true)
        let text = (0..<40).map { "fortune \($0)\n" }.joined(separator: "%\n")
        try Data(text.utf8).write(to: fortunes.appendingPathComponent("wisdom"))
        try Data([1, 2, 3]).write(to: fortunes.appendingPathComponent("wisdom.dat"))
        var builder = CorpusBuilder(dataDir: fixture.folder.appendingPathComponent("data").path)
        builder.fortunesDir = fortunes.path
        builder.codeLimit = 20_000
        builder.syntheticBytes = (train: 5000, val: 1000)
        let first = try builder.prepare()
        #expect(first.map(\.manifest.name) == ["prose", "code", "synthetic"])
        #expect(first.allSatisfy { $0.built })
        let prose = try ByteCorpus.load("prose", split: .val, dataDir: builder.dataDir)
        #expect(String(decoding: prose, as: UTF8.self) == "fortune 19\nfortune 39\n")
        #expect(first[1].manifest.trainBytes + first[1].manifest.valBytes == 20_000)
        let synthetic = try #require(CorpusManifest.read(name: "synthetic", dataDir: builder.dataDir))
        #expect(synthetic.entropyRate == MarkovSource.standard.entropyRate)
        #expect(synthetic.valBytes == 1000)
        #expect(try builder.prepare().allSatisfy { !$0.built })
        #expect(try builder.prepare(force: true).allSatisfy { $0.built })
    }

    @Test("checkpoints round-trip, and a truncated file is rejected with its size")
    func checkpointFile() throws {
        let fixture = try TrainingFixture()
        defer { fixture.remove() }
        let model = Transformer(shape: ModelShape(layers: 2, width: 8, heads: 2, context: 4), batch: 1, seed: 9)
        let optimizer = AdamW(layout: model.layout, beta1: 0.9, beta2: 0.95, epsilon: 1e-8, weightDecay: 0.1)
        optimizer.m[3] = 0.5
        optimizer.updates = 12
        let path = fixture.folder.appendingPathComponent("c.ckpt").path
        try Checkpoint.write(to: path, model: model, optimizer: optimizer, step: 34, seed: 5)
        let checkpoint = try Checkpoint.read(from: path)
        #expect(checkpoint.shape == model.shape)
        #expect((checkpoint.step, checkpoint.adamUpdates, checkpoint.seed) == (34, 12, 5))
        #expect(checkpoint.parameters == model.parameterValues)
        #expect(checkpoint.moments?.m[3] == 0.5)
        let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size == Checkpoint.headerBytes + 3 * 4 * model.layout.total)
        try Data(try Data(contentsOf: URL(fileURLWithPath: path)).dropLast(4)).write(to: URL(fileURLWithPath: path))
        #expect(throws: TrainingError.self) { try Checkpoint.read(from: path) }
    }
}

@Suite struct GradientDumpTests {
    @Test("kiln-train --gradients writes one batch's gradients in checkpoint layout")
    func dump() throws {
        let fixture = try TrainingFixture()
        defer { fixture.remove() }
        let shape = ModelShape(layers: 1, width: 8, heads: 2, context: 4)
        let model = Transformer(shape: shape, batch: 2, seed: 3)
        let checkpointPath = fixture.folder.appendingPathComponent("w.ckpt").path
        try Checkpoint.write(to: checkpointPath, model: model, optimizer: nil, step: 9, seed: 3)
        let windows = Array("hello worl".utf8)  // two windows of T + 1 = 5 bytes
        let batchPath = fixture.folder.appendingPathComponent("batch.txt").path
        try Data(windows).write(to: URL(fileURLWithPath: batchPath))
        let output = fixture.folder.appendingPathComponent("g.ckpt").path
        let loss = try GradientDump.run(checkpoint: checkpointPath, batch: batchPath, output: output)

        for row in 0..<2 {
            for i in 0..<4 {
                model.inputs[row * 4 + i] = Int32(windows[row * 5 + i])
                model.targets[row * 4 + i] = Int32(windows[row * 5 + i + 1])
            }
        }
        model.zeroGradients()
        #expect(model.forward() == loss)
        model.backward(lossScale: 1 / 8)
        #expect(try Checkpoint.read(from: output).parameters == model.gradientValues)
    }
}
