import Foundation
import Testing
@testable import KilnSpec

/// Bad numbers are reported as the user wrote them, where they wrote them (issue 11, item 13).
@Suite struct ValueErrorTests {
    @Test("an infinite learning rate in a grid is an error at the value, with the file name")
    func infiniteGridValue() throws {
        let error = try #require(planError(tinyBase + "grid:\n  lr: [0.001, .inf]\n"))
        #expect(
            error.description
                == "test.yaml:13:15: error: invalid value for 'grid.lr[1]': must be a finite number, found .inf")
    }

    @Test(
        "non-finite numbers are errors in every numeric setting",
        arguments: [
            ("  weight_decay: .nan\n", "base.weight_decay", 10, 17),
            ("timeout: .inf\n", "timeout", 12, 10),
            (
                "random:\n  samples: 2\n  params:\n    lr: {uniform: [0.001, -.inf]}\n", "random.params.lr.uniform[1]",
                15, 27
            ),
        ])
    func nonFinite(setting: String, key: String, line: Int, column: Int) throws {
        let yaml =
            setting.hasPrefix("  ")
            ? tinyBase.replacingOccurrences(of: "  lr: 0.001\n", with: "  lr: 0.001\n" + setting)
            : tinyBase + setting
        let error = try #require(planError(yaml))
        #expect(
            error.description.hasPrefix(
                "test.yaml:\(line):\(column): error: invalid value for '\(key)': must be a finite number"))
    }

    @Test("a schedule expression that is not finite is an error at the field")
    func infiniteExpression() throws {
        let error = try #require(
            planError(
                tinyBase.replacingOccurrences(of: "{kind: constant}", with: "{kind: constant, peak: \"exp(lr * 1e6)\"}")
            ))
        #expect(
            error.description
                == "test.yaml:11:28: error: invalid value for 'schedule.peak': 'exp(lr * 1e6)' is inf, not a finite number"
        )
    }

    @Test("a learning rate that is a string points at lr, not at a missing schedule.peak")
    func stringLearningRate() throws {
        let error = try #require(planError(tinyBase.replacingOccurrences(of: "lr: 0.001", with: "lr: \"fast\"")))
        #expect(
            error.description
                == "test.yaml:9:7: error: 'lr' should be a number (the peak learning rate), found a string")
    }

    @Test("a negative learning rate is reported as lr, where it was written")
    func negativeLearningRate() throws {
        let error = try #require(planError(tinyBase + "grid:\n  lr: [0.001, -0.002]\n"))
        #expect(
            error.description
                == "test.yaml:13:7: error: invalid value for 'lr': the peak learning rate must be positive, found -0.002"
        )
        let peak = try #require(
            planError(tinyBase.replacingOccurrences(of: "{kind: constant}", with: "{kind: constant, peak: -1}")))
        #expect(peak.description.contains("'schedule.peak'"))
    }

    @Test("a timeout must be positive")
    func negativeTimeout() throws {
        let error = try #require(planError(tinyBase + "timeout: -5\n"))
        #expect(
            error.description
                == "test.yaml:12:10: error: invalid value for 'timeout': seconds must be positive, found -5")
    }
}

/// Numbers too large for a count are errors, never a crash (no input may trap Kiln).
@Suite struct HugeNumberTests {
    @Test("a derived count too large for an integer is an error at the derivation")
    func hugeDerivedSteps() throws {
        let error = try #require(
            planError(tinyBase.replacingOccurrences(of: "  steps: 100\n", with: "") + "derive: {steps: \"10 ^ 300\"}\n")
        )
        #expect(error.description == "test.yaml:11:18: error: bad expression: 'steps' is 1e300, too large for a count")
    }

    @Test("tokens that overflow an integer are an error at steps")
    func tokensOverflow() throws {
        let error = try #require(
            planError(tinyBase.replacingOccurrences(of: "steps: 100", with: "steps: 100000000000000000")))
        #expect(
            error.description.hasPrefix(
                "test.yaml:8:10: error: invalid value for 'steps': 100000000000000000 × 16 × 1 × 64 is too large"))
    }

    @Test("a model too large to count is an error at width")
    func hugeModel() throws {
        let error = try #require(
            planError(
                tinyBase.replacingOccurrences(of: "width: 64", with: "width: 4000000000")
                    .replacingOccurrences(of: "heads: 2", with: "heads: 1")))
        #expect(
            error.description.hasPrefix(
                "test.yaml:4:10: error: invalid value for 'width': a model of layers=2 width=4000000000"))
    }

    @Test("an isoflop budget beyond 10^15 steps or with a zero batch is an error")
    func isoflopBounds() throws {
        let isoflop =
            tinyBase.replacingOccurrences(of: "  steps: 100\n", with: "")
            .replacingOccurrences(of: "  layers: 2\n  width: 64\n  heads: 2\n", with: "")
            + "isoflop: {budgets: [1e300], shapes: [{layers: 2, width: 64, heads: 2}]}\n"
        let huge = try #require(planError(isoflop))
        #expect(huge.description.contains("error: invalid value for 'budget': 1e300 FLOPs is more than 10^15 steps"))
        let zero = try #require(
            planError(
                isoflop.replacingOccurrences(of: "1e300", with: "1e12").replacingOccurrences(
                    of: "batch: 16", with: "batch: 0")))
        #expect(zero.description.contains("error: invalid value for 'batch': an isoflop budget needs a positive batch"))
    }
}

extension HugeNumberTests {
    @Test("counts of samples and seeds are bounded; an integer range too wide to draw from is an error")
    func boundedAxes() throws {
        let samples = try #require(
            planError(tinyBase + "random: {samples: 1000000000000, params: {lr: {uniform: [0.001, 0.01]}}}\n"))
        #expect(
            samples.description
                == "test.yaml:12:19: error: invalid value for 'random.samples': at most 10000000 samples, found 1000000000000"
        )
        let seeds = try #require(planError(tinyBase + "seeds: 1000000000000\n"))
        #expect(
            seeds.description
                == "test.yaml:12:8: error: invalid value for 'seeds': at most 10000000 seeds, found 1000000000000")
        let wide = try #require(
            planError(
                tinyBase + "random: {samples: 2, params: {seed: {int: [-9000000000000000000, 9000000000000000000]}}}\n")
        )
        #expect(
            wide.description.contains(
                "error: invalid value for 'random.params.seed.int': the range is too wide for an integer"))
    }
}
