import KilnProtocol
import KilnStore
import Testing

/// The exploit and explore decision as values: who copies whom, what changes, and what a failed member does.
@Suite struct PopulationGenerationTests {
    static let rule = PopulationRule(
        stage: "pbt", size: 4, ready: 10, steps: 40, truncation: 0.25, perturb: ["lr": [0.8, 1.25]], resample: [:],
        metric: "val/loss", seed: 5)
    static let values: [Int: [String: Double]] = [0: ["lr": 0.01], 1: ["lr": 0.02], 2: ["lr": 0.03], 3: ["lr": 0.04]]

    @Test("the worst quarter copies the best quarter with a perturbed lr; the others continue unchanged")
    func worstCopiesBest() throws {
        let next = try #require(
            PopulationGeneration(
                rule: Self.rule, generation: 0, scores: [0: 2.5, 1: 1.5, 2: 3.5, 3: 2.0], values: Self.values))
        #expect(next.seats.map(\.member) == [0, 1, 2, 3])
        #expect(next.seats.map(\.source) == [0, 1, 1, 3], "member 2 (worst) copies member 1 (best)")
        let lr = try #require(next.seats[2].changed["lr"]?.double)
        let expected = [0.016, 0.025].contains { abs(lr - $0) < 1e-12 }
        #expect(expected, "0.02 × 0.8 or × 1.25, got \(lr)")
        let unchanged = next.seats.filter { $0.member != 2 }.allSatisfy { $0.changed.isEmpty }
        #expect(unchanged)
        // The same generation and member draw the same way, whichever worker takes the step.
        #expect(
            PopulationGeneration(
                rule: Self.rule, generation: 0, scores: [0: 2.5, 1: 1.5, 2: 3.5, 3: 2.0], values: Self.values) == next)
    }

    @Test(
        "members that failed or reported no finite metric rank last and copy; with no score at all there is no next generation"
    )
    func failedMembersCopy() throws {
        let next = try #require(
            PopulationGeneration(
                rule: Self.rule, generation: 3, scores: [0: 1.0, 1: nil, 2: .nan, 3: 2.0], values: Self.values))
        #expect(next.seats.map(\.source) == [0, 0, 0, 3])
        #expect(
            PopulationGeneration(
                rule: Self.rule, generation: 3, scores: [0: nil, 1: nil, 2: nil, 3: nil], values: Self.values)
                == nil)
    }
}
