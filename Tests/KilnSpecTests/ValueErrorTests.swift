import Foundation
import Testing
@testable import KilnSpec

/// Bad numbers are reported as the user wrote them, where they wrote them (issue 11, item 13).
@Suite struct ValueErrorTests {
    @Test("an infinite learning rate in a grid is an error at the value, with the file name")
    func infiniteGridValue() throws {
        let error = try #require(planError(tinyBase + "grid:\n  lr: [0.001, .inf]\n"))
        #expect(error.description == "test.yaml:13:15: error: invalid value for 'grid.lr[1]': must be a finite number, found .inf")
    }

    @Test("non-finite numbers are errors in every numeric setting", arguments: [
        ("  weight_decay: .nan\n", "base.weight_decay", 10, 17),
        ("timeout: .inf\n", "timeout", 12, 10),
        ("random:\n  samples: 2\n  params:\n    lr: {uniform: [0.001, -.inf]}\n", "random.params.lr.uniform[1]", 15, 27),
    ])
    func nonFinite(setting: String, key: String, line: Int, column: Int) throws {
        let yaml = setting.hasPrefix("  ")
            ? tinyBase.replacingOccurrences(of: "  lr: 0.001\n", with: "  lr: 0.001\n" + setting)
            : tinyBase + setting
        let error = try #require(planError(yaml))
        #expect(error.description.hasPrefix("test.yaml:\(line):\(column): error: invalid value for '\(key)': must be a finite number"))
    }

    @Test("a schedule expression that is not finite is an error at the field")
    func infiniteExpression() throws {
        let error = try #require(planError(tinyBase.replacingOccurrences(of: "{kind: constant}", with: "{kind: constant, peak: \"exp(lr * 1e6)\"}")))
        #expect(error.description == "test.yaml:11:28: error: invalid value for 'schedule.peak': 'exp(lr * 1e6)' is inf, not a finite number")
    }

    @Test("a learning rate that is a string points at lr, not at a missing schedule.peak")
    func stringLearningRate() throws {
        let error = try #require(planError(tinyBase.replacingOccurrences(of: "lr: 0.001", with: "lr: \"fast\"")))
        #expect(error.description == "test.yaml:9:7: error: 'lr' should be a number (the peak learning rate), found a string")
    }

    @Test("a negative learning rate is reported as lr, where it was written")
    func negativeLearningRate() throws {
        let error = try #require(planError(tinyBase + "grid:\n  lr: [0.001, -0.002]\n"))
        #expect(error.description == "test.yaml:13:7: error: invalid value for 'lr': the peak learning rate must be positive, found -0.002")
        let peak = try #require(planError(tinyBase.replacingOccurrences(of: "{kind: constant}", with: "{kind: constant, peak: -1}")))
        #expect(peak.description.contains("'schedule.peak'"))
    }

    @Test("a timeout must be positive")
    func negativeTimeout() throws {
        let error = try #require(planError(tinyBase + "timeout: -5\n"))
        #expect(error.description == "test.yaml:12:10: error: invalid value for 'timeout': seconds must be positive, found -5")
    }
}
