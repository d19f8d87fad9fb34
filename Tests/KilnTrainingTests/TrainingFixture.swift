import Foundation
import KilnLearningRate
import KilnProtocol

@testable import KilnTraining

/// A temporary folder with a small byte corpus and helpers to build tiny training configurations.
struct TrainingFixture {
    let folder: URL
    /// A raw text file used as a path source.
    let textPath: String

    init(text: [UInt8]? = nil) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-training-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let bytes = text ?? MarkovSource(alphabet: Array("abcdefgh".utf8), seed: 3).generate(count: 20_000, seed: 4)
        textPath = folder.appendingPathComponent("corpus.txt").path
        try Data(bytes).write(to: URL(fileURLWithPath: textPath))
    }

    /// A tiny run over the fixture's text: (L, C, NH, T, B) = (1, 16, 2, 8, 4).
    func config(steps: Int, output: String = "out", lr: Double = 3e-3) -> TrainingConfig {
        var config = TrainingConfig(
            layers: 1, width: 16, heads: 2, context: 8, batch: 4, steps: steps,
            schedule: .cosine(DecaySchedule(peak: lr, warmup: 2, total: steps, floor: 0.1, shape: .cosine)),
            data: DataMixture(mixture: [DataComponent(source: textPath, weight: 1)]),
            outputDir: folder.appendingPathComponent(output).path)
        config.logEvery = 1
        config.evalEvery = 0
        config.seed = 7
        config.dataDir = folder.path
        return config
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}

/// Collects a trainer's protocol messages.
final class MessageLog: @unchecked Sendable {
    // Only touched from the synchronous training loop of one test; never shared across threads.
    var messages: [TrainerMessage] = []

    func record(_ message: TrainerMessage) { messages.append(message) }

    var checkpoints: [(step: Int, path: String)] {
        messages.compactMap { if case .checkpoint(let step, let path) = $0 { (step, path) } else { nil } }
    }
}
