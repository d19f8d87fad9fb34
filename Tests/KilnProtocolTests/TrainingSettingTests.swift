import Foundation
import KilnLearningRate
import KilnProtocol
import Testing

/// The one declaration of a built-in run's settings and what follows from it (issue 12).
@Suite struct TrainingSettingTests {
    /// `docs/trainer-protocol.md`, found from this file's path.
    static let protocolDoc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/trainer-protocol.md")

    /// The settings table of the doc: the lines from its header row to the first line that is not a row.
    static func documentedTable() throws -> String {
        let lines = try String(contentsOf: protocolDoc, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0.hasPrefix("| key | type | default |") })
        let rows = lines[start...].prefix { $0.hasPrefix("|") }
        return rows.joined(separator: "\n") + "\n"
    }

    @Test("the table in docs/trainer-protocol.md is the declared settings, row for row (paste markdownTable to fix)")
    func docTableMatchesTheDeclaration() throws {
        let documented = try Self.documentedTable()
        #expect(
            documented == TrainingSetting.markdownTable,
            "docs/trainer-protocol.md should hold:\n\(TrainingSetting.markdownTable)")
        // Both directions by key, for a readable failure.
        let keys = documented.split(separator: "\n").dropFirst(2).compactMap { row in
            row.split(separator: "`", maxSplits: 2).dropFirst().first.map(String.init)
        }
        #expect(Set(keys) == Set(TrainingConfig.keys))
    }

    @Test("a configuration encodes every declared key it holds, and every key it encodes is declared")
    func codingFollowsTheDeclaration() throws {
        var config = TrainingConfig(
            layers: 1, width: 8, heads: 1, context: 4, batch: 2, steps: 10,
            schedule: .constant(ConstantSchedule(peak: 0.01)), data: DataMixture(mixture: []), outputDir: "/o")
        config.initFrom = InitFrom(path: "/p")
        config.resumeFrom = "/r"
        let object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(config)) as? [String: Any])
        #expect(Set(object.keys) == Set(TrainingConfig.keys))
        #expect(try JSONDecoder().decode(TrainingConfig.self, from: JSONEncoder().encode(config)) == config)
    }

    @Test("the defaults a configuration gets are the declared ones, in memberwise init and decoder alike")
    func defaultsAreDeclared() throws {
        let built = TrainingConfig(
            layers: 2, width: 64, heads: 2, context: 64, batch: 8, steps: 100,
            schedule: .constant(ConstantSchedule(peak: 0.001, warmup: 10)),
            data: DataMixture(mixture: [DataComponent(source: "prose", weight: 1)]), outputDir: "runs/1")
        let decoded = try JSONDecoder().decode(TrainingConfig.self, from: Data(TrainingConfigTests.minimal.utf8))
        #expect(built == decoded)
        #expect(TrainingSetting.named("eval_every")?.shownDefault == String(built.evalEvery))
    }

    @Test("kiln-train's range check is the declared one: eval_every 0 is valid, -1 and log_every 0 are not")
    func rangeCheck() throws {
        var config = try JSONDecoder().decode(TrainingConfig.self, from: Data(TrainingConfigTests.minimal.utf8))
        config.evalEvery = 0
        #expect(config.outOfRange == nil)
        config.evalEvery = -1
        #expect(config.outOfRange == "eval_every must be at least 0 (got -1)")
        config.evalEvery = 0
        config.logEvery = 0
        #expect(config.outOfRange == "log_every must be at least 1 (got 0)")
    }
}

@Suite struct RunDefaultsTests {
    @Test("a run without max_attempts gets two attempts, as the docs have always said")
    func maxAttempts() {
        #expect(RunDefaults.maxAttempts == 2)
    }
}
