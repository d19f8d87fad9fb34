import Foundation
import KilnProtocol
import Testing
@testable import KilnSpec

@Suite struct SpecErrorTests {
    @Test("a YAML syntax error names file:line:column")
    func syntax() throws {
        let error = try #require(try fixtureError("bad-syntax"))
        guard case .syntax = error.problem else { Issue.record("\(error)"); return }
        #expect(error.file.hasSuffix("Fixtures/bad-syntax.yaml"))
        #expect(error.line == 5 && error.column == 9)
        #expect(error.description.contains("bad-syntax.yaml:5:9: error: YAML syntax:"))
    }

    @Test("an unknown schedule key names its place and suggests the nearest key")
    func unknownScheduleKey() throws {
        let error = try #require(try fixtureError("bad-key"))
        #expect(error.problem == .unknownKey("schedule.warmup_step", suggestion: "schedule.warmup_steps"))
        #expect(error.line == 13 && error.column == 3)
        #expect(
            error.description.hasSuffix(
                "bad-key.yaml:13:3: error: unknown key 'schedule.warmup_step'; did you mean 'schedule.warmup_steps'?"))
    }

    @Test("an unknown top-level key names its place and suggests the nearest key")
    func unknownTopKey() throws {
        let error = try #require(try fixtureError("bad-top-key"))
        #expect(error.problem == .unknownKey("descriptoin", suggestion: "description"))
        #expect(error.line == 2 && error.column == 1)
    }

    @Test("a wrong type names the key, the expected and the found type")
    func wrongType() throws {
        let error = try #require(try fixtureError("wrong-type"))
        #expect(error.problem == .wrongType(key: "random.samples", expected: "an integer", found: "a string"))
        #expect(error.line == 3 && error.column == 12)
        #expect(
            error.description.hasSuffix(
                "wrong-type.yaml:3:12: error: 'random.samples' should be an integer, found a string"))
    }

    @Test("an unknown parameter of the built-in trainer is an error with a suggestion")
    func unknownParameter() throws {
        let error = try #require(try fixtureError("unknown-param"))
        #expect(error.problem == .unknownParameter("weight_decy", suggestion: "weight_decay"))
        #expect(error.line == 10 && error.column == 16)
    }

    @Test("external command trainers accept any parameter and substitute placeholders")
    func commandTrainer() throws {
        let plan = try plan(
            """
            name: ext
            trainer: {command: [python3, train.py, "--lr={lr}", "--depth", "{model.depth}", "--kind={schedule.kind}"]}
            base: {lr: 0.01, model: {depth: 6}, steps: 50, anything: yes}
            schedule: {kind: cosine, warmup_steps: 5}
            """)
        guard case .command(let argv) = try #require(plan.runs.first).trainer else {
            Issue.record("not a command"); return
        }
        #expect(argv == ["python3", "train.py", "--lr=0.01", "--depth", "6", "--kind=cosine"])
        let error = try #require(
            planError(
                """
                name: ext
                trainer: {command: [run, "{lrr}"]}
                base: {lr: 0.01}
                """))
        #expect(error.problem == .unknownPlaceholder("lrr", suggestion: "lr"))
        #expect(error.line == 2)
    }

    @Test("missing keys, bad schedule kinds and bad ratios are reported")
    func otherErrors() throws {
        #expect(planError("base: {lr: 1}\n")?.problem == .missingKey("name"))
        let kind = try #require(planError(tinyBase.replacingOccurrences(of: "{kind: constant}", with: "{kind: cosin}")))
        #expect(kind.description.contains("unknown schedule 'cosin'; did you mean 'cosine'?"))
        let both = try #require(
            planError(
                tinyBase.replacingOccurrences(
                    of: "{kind: constant}", with: "{kind: constant, warmup: 0.1, warmup_steps: 5}")))
        #expect(both.description.contains("not both"))
        let fraction = try #require(
            planError(tinyBase.replacingOccurrences(of: "{kind: constant}", with: "{kind: constant, warmup: 20}")))
        #expect(fraction.description.contains("use 'warmup_steps' for steps"))
        let heads = try #require(planError(tinyBase.replacingOccurrences(of: "heads: 2", with: "heads: 3")))
        #expect(heads.description.contains("not divisible"))
        #expect(heads.line == 5)
    }

    @Test("duplicate keys and bad stage names are errors")
    func duplicatesAndNames() throws {
        let duplicate = try #require(planError("name: d\nbase: {lr: 1}\nbase: {lr: 2}\n"))
        #expect(duplicate.description.contains("duplicate key 'base'"))
        let stage = try #require(planError("name: s\nstages:\n  - name: \"a b\"\n"))
        #expect(stage.line == 3 && stage.column == 11)
    }

    @Test("a missing file is an error, not a crash")
    func missingFile() throws {
        #expect(throws: SpecError(.unreadable("no such file"), at: .whole("/nonexistent/spec.yaml"))) {
            try SweepSpec(contentsOf: "/nonexistent/spec.yaml")
        }
    }
}
