import Foundation
import KilnProtocol
import Testing
@testable import KilnSpec

/// The spec validates a built-in run's settings as `TrainingSetting` declares them (issue 12).
@Suite struct RunSettingTests {
    @Test("eval_every: 0 (evaluate only at the end) is accepted, as kiln-train and the docs allow")
    func evalEveryZero() throws {
        let runs = try plan(tinyBase.replacingOccurrences(of: "  lr: 0.001\n", with: "  lr: 0.001\n  eval_every: 0\n"))
            .runs
        guard case .builtin(let config) = runs[0].trainer else {
            Issue.record("expected the built-in trainer")
            return
        }
        #expect(config.evalEvery == 0)
    }

    @Test(
        "a setting below its declared minimum names the key, the minimum and the value",
        arguments: [
            ("eval_every: -1", "eval_every", "must be at least 0, found -1"),
            ("log_every: 0", "log_every", "must be at least 1, found 0"),
            ("batch: 0", "batch", "must be at least 1, found 0"),
        ])
    func belowMinimum(setting: String, key: String, reason: String) throws {
        let yaml =
            key == "batch"
            ? tinyBase.replacingOccurrences(of: "  batch: 16\n", with: "  \(setting)\n")
            : tinyBase.replacingOccurrences(of: "  lr: 0.001\n", with: "  lr: 0.001\n  \(setting)\n")
        let error = try #require(planError(yaml))
        #expect(error.description.hasSuffix("error: invalid value for '\(key)': \(reason)"))
    }

    @Test("a spec without max_attempts gives each run the one declared default")
    func maxAttemptsDefault() throws {
        let runs = try plan(tinyBase).runs
        #expect(runs[0].maxAttempts == 2)
    }

    @Test("the built-in trainer is a byte model: vocab other than 256 is an error, not a silent FLOPs change")
    func vocabOfTheBuiltinTrainer() throws {
        let error = try #require(
            planError(tinyBase.replacingOccurrences(of: "  lr: 0.001\n", with: "  lr: 0.001\n  vocab: 50257\n")))
        #expect(
            error.description
                == "test.yaml:10:10: error: invalid value for 'vocab': the built-in trainer is a byte model "
                + "(vocab 256), found 50257; a command: trainer may set another vocab")
        #expect(
            try plan(tinyBase.replacingOccurrences(of: "  lr: 0.001\n", with: "  lr: 0.001\n  vocab: 256\n")).runs.count
                == 1)
    }

    @Test("a command trainer's vocab still sets its planned FLOPs")
    func vocabOfACommandTrainer() throws {
        let command = tinyBase + "trainer: {command: [python3, train.py]}\n"
        let bytes = try plan(command).runs[0].compute
        let bpe = try plan(command.replacingOccurrences(of: "  lr: 0.001\n", with: "  lr: 0.001\n  vocab: 50257\n"))
            .runs[0].compute
        #expect(bpe.parameters > bytes.parameters)
    }
}
