import Foundation
import KilnLearningRate
import KilnProtocol
import Testing
@testable import KilnSpec

/// `population:` (population-based training): the members planned as first segments, the stored
/// rule, and errors at the place they were written.
@Suite struct PopulationSpecTests {
    static func spec(_ population: String, extra: String = "") -> String {
        tinyBase + extra + "population:\n" + population
    }

    static let valid = """
          size: 4
          ready: 25
          params: {lr: {log_uniform: [0.0001, 0.01]}, weight_decay: {uniform: [0, 0.1]}}
          exploit: {truncation: 0.25}
          explore: {perturb: {lr: [0.8, 1.25]}, resample: {weight_decay: {uniform: [0, 0.2]}}}
          metric: val/prose/loss
          seed: 7

        """

    @Test("members are drawn like random:, each planned as its first segment of `ready` steps")
    func membersAreFirstSegments() throws {
        let plan = try plan(Self.spec(Self.valid))
        let again = try KilnSpecTests.plan(Self.spec(Self.valid))
        #expect(plan.runs.count == 4)
        #expect(plan.runs.map(\.member) == [0, 1, 2, 3])
        #expect(plan.runs.map(\.steps) == [25, 25, 25, 25])
        #expect(plan.runs.allSatisfy { $0.id.hasPrefix("main-m\($0.member!)-g0-") && $0.parent == nil })
        let rates = plan.runs.compactMap { $0.params["lr"]?.number }
        #expect(Set(rates).count == 4 && rates.allSatisfy { $0 >= 0.0001 && $0 <= 0.01 })
        for run in plan.runs {
            guard case .builtin(let config) = run.trainer, case .constant(let schedule) = config.schedule else {
                Issue.record("expected a built-in run with a constant schedule"); continue
            }
            #expect(schedule.peak == run.params["lr"]?.number && config.steps == 25)
        }
        #expect(
            plan.populations == [
                PopulationRule(
                    stage: "main", size: 4, ready: 25, steps: 100, truncation: 0.25, perturb: ["lr": [0.8, 1.25]],
                    resample: ["weight_decay": .uniform(0, 0.2)], metric: "val/prose/loss", seed: 7)
            ])
        #expect(plan.notes.contains { $0.contains("a population of 4 members trains 4 segments of 25 steps") })
        // The same spec draws the same members.
        #expect(again.runs.map(\.id) == plan.runs.map(\.id))
    }

    @Test("the stored rule reads back, and explore is reproducible per generation and member")
    func ruleRoundTripsAndExploresReproducibly() throws {
        let rule = try #require(try plan(Self.spec(Self.valid)).populations.first)
        let decoded = try JSONDecoder().decode(PopulationRule.self, from: try JSONEncoder().encode(rule))
        #expect(decoded == rule)
        var a = rule.generator(generation: 2, member: 3), b = rule.generator(generation: 2, member: 3)
        let first = rule.explore(["lr": 0.001], using: &a)
        #expect(first == rule.explore(["lr": 0.001], using: &b))
        let lr = try #require(first["lr"]?.double)
        #expect(abs(lr - 0.0008) < 1e-12 || abs(lr - 0.00125) < 1e-12)
        #expect((0...0.2).contains(try #require(first["weight_decay"]?.double)))
    }

    @Test(
        "population mistakes are errors at their place",
        arguments: [
            (
                PopulationSpecTests.valid.replacingOccurrences(of: "  metric: val/prose/loss\n", with: ""), 13, 3,
                "missing required key 'population.metric'"
            ),
            (
                PopulationSpecTests.valid.replacingOccurrences(of: "truncation: 0.25", with: "truncation: 0.75"), 16,
                25,
                "a fraction of the population in (0, 0.5], found 0.75"
            ),
            (
                PopulationSpecTests.valid.replacingOccurrences(of: "ready: 25", with: "ready: 30"), 14, 10,
                "must divide the members' steps (100)"
            ),
            (
                PopulationSpecTests.valid.replacingOccurrences(
                    of: "resample: {weight_decay: {uniform: [0, 0.2]}}", with: "resample: {lr: {choice: [1, 2]}}"),
                17, 56, "resample draws numbers"
            ),
            (
                PopulationSpecTests.valid.replacingOccurrences(
                    of: "  explore: {perturb: {lr: [0.8, 1.25]}, resample: {weight_decay: {uniform: [0, 0.2]}}}\n",
                    with: "  explore: {}\n"),
                17, 12, "explore.perturb or explore.resample"
            ),
            (
                PopulationSpecTests.valid.replacingOccurrences(of: "size: 4", with: "size: 1"), 13, 9,
                "must be 2 to 10000"
            ),
            (
                PopulationSpecTests.valid.replacingOccurrences(of: "seed: 7", with: "seeed: 7"), 19, 3,
                "did you mean 'seed'"
            ),
        ])
    func populationErrors(population: String, line: Int, column: Int, message: String) throws {
        let error = try #require(planError(Self.spec(population)))
        #expect(error.description.contains("test.yaml:\(line):\(column):"), "\(error)")
        #expect(error.description.contains(message), "\(error)")
    }

    @Test(
        "a population needs a constant schedule, no other axes, and a command that reads what changes from KILN_CONFIG")
    func populationConflicts() throws {
        let cosine = try #require(
            planError(Self.spec(Self.valid).replacingOccurrences(of: "{kind: constant}", with: "{kind: cosine}")))
        #expect(cosine.description.contains("test.yaml:11:11:"), "\(cosine)")
        #expect(cosine.description.contains("must be 'constant' (found cosine)"), "\(cosine)")

        let grid = try #require(planError(Self.spec(Self.valid, extra: "grid: {batch: [8, 16]}\n")))
        #expect(grid.description.contains("'population' cannot be combined with 'grid'"), "\(grid)")

        let pasted = try #require(
            planError(
                """
                name: t
                trainer: {command: [python3, train.py, "--lr={lr}"]}
                base: {steps: 100, lr: 0.01}
                population: {size: 2, ready: 50, exploit: {truncation: 0.5}, explore: {perturb: {lr: [0.5, 2]}}, metric: loss}
                """))
        #expect(pasted.description.contains("test.yaml:2:41:"), "\(pasted)")
        #expect(pasted.description.contains("{lr} changes between a population's segments"), "\(pasted)")
    }
}
