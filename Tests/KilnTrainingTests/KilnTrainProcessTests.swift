import Foundation
import KilnLearningRate
import KilnProcess
import KilnProtocol
import KilnTestSupport
import Testing

@testable import KilnTraining

/// Drives the built `kiln-train` binary end to end through its JSON configuration and stdout.
@Suite(.tags(.subprocess)) struct KilnTrainProcessTests {
    /// Starts the built kiln-train on `config` with its stdout on a pipe: the child and that pipe's read end.
    static func start(_ config: TrainingConfig, in fixture: TrainingFixture) throws -> (LaunchedProcess, FileHandle) {
        let path = fixture.folder.appendingPathComponent("config-\(UUID().uuidString).json")
        try JSONEncoder().encode(config).write(to: path)
        let child = try ProcessLaunch(
            [ChildProcess.binDirectory + "/kiln-train", path.path], stdin: .null, stdout: .pipe,
            stderr: .file("/dev/null")
        ).start()
        return (child, FileHandle(fileDescriptor: child.stdout!, closeOnDealloc: true))
    }

    static func messages(_ data: Data) throws -> [TrainerMessage] {
        try String(decoding: data, as: UTF8.self).split(separator: "\n").map { try TrainerMessage(line: $0) }
    }

    @Test("a run writes start, metrics, an absolute checkpoint path and done, and exits 0")
    func completeRun() throws {
        let fixture = try TrainingFixture()
        defer { fixture.remove() }
        var config = fixture.config(steps: 4)
        config.logEvery = 2
        config.checkpointEvery = 2
        let (process, output) = try Self.start(config, in: fixture)
        let messages = try Self.messages(output.readDataToEndOfFile())
        #expect(process.wait().status == TrainerExitCode.success)
        #expect(messages.first == .start(totalSteps: 4))
        #expect(messages.last == .done(step: 4))
        let checkpoints = messages.compactMap {
            if case .checkpoint(let step, let path) = $0 { (step, path) } else { nil }
        }
        #expect(checkpoints.map(\.0) == [2, 4])
        for (_, path) in checkpoints {
            #expect(path.hasPrefix("/") && FileManager.default.fileExists(atPath: path))
        }
        #expect(
            messages.contains { if case .metrics(2, let values) = $0 { values["train/loss"] != nil } else { false } })
    }

    @Test("a bad configuration exits 2 with an error line; divergence exits 3")
    func exitCodes() throws {
        let fixture = try TrainingFixture()
        defer { fixture.remove() }
        var bad = fixture.config(steps: 4)
        bad.heads = 3
        let (badProcess, badOutput) = try Self.start(bad, in: fixture)
        let badMessages = try Self.messages(badOutput.readDataToEndOfFile())
        #expect(badProcess.wait().status == TrainerExitCode.badConfiguration)
        #expect(badMessages == [.error(message: "error: bad configuration: width 16 is not divisible by heads 3")])

        var diverging = fixture.config(steps: 20)
        diverging.schedule = .constant(ConstantSchedule(peak: 1e30))
        diverging.gradClip = 0
        let (process, output) = try Self.start(diverging, in: fixture)
        let messages = try Self.messages(output.readDataToEndOfFile())
        #expect(process.wait().status == TrainerExitCode.diverged)
        guard case .error(let message) = messages.last else {
            Issue.record("no error line: \(messages)")
            return
        }
        #expect(message.contains("diverged at step"))
    }

    @Test("SIGTERM stops a run promptly after writing a checkpoint")
    func sigterm() throws {
        let fixture = try TrainingFixture()
        defer { fixture.remove() }
        var config = fixture.config(steps: 1_000_000)
        config.logEvery = 1
        let (process, output) = try Self.start(config, in: fixture)
        // wait for the first metrics line, then ask the trainer to stop
        var received = Data()
        while !String(decoding: received, as: UTF8.self).contains("\"metrics\"") {
            let chunk = output.availableData
            if chunk.isEmpty { break }
            received += chunk
        }
        kill(process.pid, SIGTERM)
        received += output.readDataToEndOfFile()
        #expect(process.wait() == .exited(128 + SIGTERM))  // kiln-train catches it, checkpoints, exits 143
        let messages = try Self.messages(received)
        guard case .checkpoint(let step, let path) = messages.last else {
            Issue.record("the last line is not a checkpoint: \(messages.suffix(2))")
            return
        }
        #expect(step > 0 && step < 1_000_000)
        #expect(try Checkpoint.read(from: path).step == step)
    }
}
