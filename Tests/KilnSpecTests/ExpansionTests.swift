import Foundation
import KilnProtocol
import Testing
@testable import KilnSpec

@Suite struct ExpansionTests {
    @Test("grid is the cartesian product in key order, the last key varying fastest")
    func grid() throws {
        let plan = try plan(
            tinyBase + """
                grid:
                  lr: [0.001, 0.002, 0.004]
                  batch: [8, 16]
                """)
        #expect(plan.runs.count == 6)
        #expect(values(plan, "lr").map { $0?.number } == [0.001, 0.001, 0.002, 0.002, 0.004, 0.004])
        #expect(values(plan, "batch") == [.int(8), .int(16), .int(8), .int(16), .int(8), .int(16)])
        #expect(plan.runs.allSatisfy { $0.swept.map(\.name) == ["lr", "batch"] })
    }

    @Test("zip advances lists together; several zip groups multiply")
    func zip() throws {
        let plan = try plan(
            tinyBase + """
                zip:
                  - {layers: [2, 4], width: [64, 128], heads: [2, 4]}
                  - {lr: [0.01, 0.02, 0.03], seed: [7, 8, 9]}
                """)
        #expect(plan.runs.count == 6)
        #expect(plan.runs.map { $0.params["width"]?.integer } == [64, 64, 64, 128, 128, 128])
        #expect(plan.runs.map { $0.params["layers"]?.integer } == [2, 2, 2, 4, 4, 4])
        #expect(plan.runs.map { $0.params["seed"]?.integer } == [7, 8, 9, 7, 8, 9])
    }

    @Test("zip lists of different lengths are an error")
    func zipLengths() throws {
        let error = try #require(planError(tinyBase + "zip: {layers: [2, 4], width: [64]}\n"))
        #expect(error.description.contains("zip lists must have the same length"))
        #expect(error.line == 12)
    }

    @Test("random draws are reproducible, within bounds, log-uniform bounds are values")
    func random() throws {
        let spec =
            tinyBase + """
                random:
                  samples: 40
                  seed: 3
                  params:
                    lr: {log_uniform: [1e-4, 1e-2]}
                    weight_decay: {uniform: [0.0, 0.2]}
                    layers: {int: [1, 3]}
                    schedule.kind: {choice: [constant, cosine]}
                """
        let first = try plan(spec), second = try plan(spec)
        #expect(first.runs.count == 40)
        #expect(first.runs.map(\.id) == second.runs.map(\.id))
        let lrs = first.runs.compactMap { $0.params["lr"]?.number }
        #expect(lrs.allSatisfy { (1e-4...1e-2).contains($0) })
        #expect(lrs.contains { $0 < 1e-3 } && lrs.contains { $0 > 1e-3 })  // both decades, not stuck near the top
        #expect(first.runs.allSatisfy { (0...0.2).contains($0.params["weight_decay"]?.number ?? -1) })
        #expect(Set(first.runs.compactMap { $0.params["layers"]?.integer }) == [1, 2, 3])
        #expect(
            Set(first.runs.compactMap { $0.params["schedule"]?.value(at: ["kind"]) }) == [
                .string("constant"), .string("cosine"),
            ])
        let other = try plan(spec.replacingOccurrences(of: "seed: 3", with: "seed: 4"))
        #expect(other.runs.map { $0.params["lr"] } != first.runs.map { $0.params["lr"] })
    }

    @Test("seeds repeat every run: a count or a list")
    func seeds() throws {
        let counted = try plan(tinyBase + "grid: {lr: [0.001, 0.002]}\nseeds: 3\n")
        #expect(counted.runs.count == 6)
        #expect(counted.runs.map { $0.params["seed"]?.integer } == [0, 1, 2, 0, 1, 2])
        let listed = try plan(tinyBase + "seeds: [11, 13]\n")
        #expect(listed.runs.compactMap { if case .builtin(let c) = $0.trainer { c.seed } else { nil } } == [11, 13])
    }

    @Test("derive computes parameters in dependency order and rounds integer keys")
    func derive() throws {
        let plan = try plan(
            tinyBase + """
                derive:
                  steps: tokens / (batch * context)
                  tokens: tokens_per_param * 2 ^ 20
                grid: {tokens_per_param: [1, 2]}
                """)
        #expect(plan.runs.map(\.steps) == [1024, 2048])
        #expect(plan.runs[0].params["steps"] == .int(1024))
        #expect(plan.runs[1].compute.tokens == 2 * 1_048_576)
    }

    @Test("a derive cycle is an error that names it")
    func cycle() throws {
        let error = try #require(try fixtureError("derive-cycle"))
        #expect(error.problem == .cycle(["steps", "tokens", "steps"]))
        #expect(error.line == 4 && error.column == 10)
        #expect(error.description.hasSuffix("error: derived parameters form a cycle: steps -> tokens -> steps"))
    }

    @Test("an unknown name in a derivation is an error with a suggestion")
    func deriveUnknownName() throws {
        let error = try #require(planError(tinyBase + "derive:\n  steps: 1000 * batchh\n"))
        #expect(error.problem == .unknownName("batchh", suggestion: "batch"))
        #expect(error.line == 13 && error.column == 17)
    }

    @Test("dotted keys vary one field of a mapping parameter")
    func dottedKeys() throws {
        let plan = try plan(
            tinyBase.replacingOccurrences(of: "{kind: constant}", with: "{kind: wsd, decay: 0.2}") + """
                grid:
                  schedule.shape: [linear, 1-sqrt, cosine]
                """)
        let shapes = plan.runs.map { $0.params["schedule"]?.value(at: ["shape"]) }
        #expect(shapes == [.string("linear"), .string("1-sqrt"), .string("cosine")])
        #expect(plan.runs.allSatisfy { $0.params["schedule"]?.value(at: ["decay"]) == .int(20) })
    }

    @Test("a derived dotted name sets a field of a mapping")
    func derivedField() throws {
        let plan = try plan(
            tinyBase.replacingOccurrences(of: "{kind: constant}", with: "{kind: wsd}")
                + "derive:\n  schedule.decay_steps: steps / 4\n")
        #expect(plan.runs.first?.params["schedule"]?.value(at: ["decay"]) == .int(25))
    }

    @Test("a parameter set by two constructs is an error")
    func conflict() throws {
        let error = try #require(planError(tinyBase + "grid: {lr: [1, 2]}\nzip: {lr: [3, 4]}\n"))
        #expect(error.description.contains("parameter 'lr' is set by both 'grid' and 'zip'"))
    }
}
