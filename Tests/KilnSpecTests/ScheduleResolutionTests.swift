import Foundation
import KilnLearningRate
import KilnProtocol
import Testing
@testable import KilnSpec

@Suite struct ScheduleResolutionTests {
    /// The resolved schedule of a one-run spec with 1000 steps and `lr: 0.001`.
    func resolved(_ schedule: String) throws -> ScheduleSpec {
        let yaml = tinyBase.replacingOccurrences(of: "steps: 100", with: "steps: 1000")
            .replacingOccurrences(of: "{kind: constant}", with: schedule)
        guard case .builtin(let config) = try #require(try plan(yaml).runs.first).trainer else {
            throw SpecError(.missingKey("x"), at: .init(file: "", line: 0, column: 0))
        }
        return config.schedule
    }

    @Test("every kind resolves, lengths as fractions or steps, ratios of the peak")
    func kinds() throws {
        #expect(try resolved("{kind: constant, warmup: 0.01}") == .constant(ConstantSchedule(peak: 0.001, warmup: 10)))
        #expect(
            try resolved("{kind: cosine, warmup_steps: 20}")
                == .cosine(DecaySchedule(peak: 0.001, warmup: 20, total: 1000, floor: 0.1, shape: .cosine)))
        #expect(
            try resolved("{kind: linear, peak: 0.01}")
                == .linear(DecaySchedule(peak: 0.01, total: 1000, floor: 0, shape: .linear)))
        #expect(
            try resolved("{kind: inverse_sqrt, warmup: 0.05}")
                == .inverseSqrt(InverseSqrtSchedule(peak: 0.001, warmup: 50)))
        #expect(
            try resolved("{kind: wsd, warmup: 0.02, decay: 0.1, shape: exponential, floor: 0.01}")
                == .wsd(
                    WarmupStableDecay(
                        peak: 0.001, warmup: 20, total: 1000, decay: 100, shape: .exponential, floor: 0.01)))
        #expect(
            try resolved("{kind: infinite, cooldown_steps: 100, constant: 0.5, anneal: 0.1, minimum: 0.1}")
                == .infinite(
                    InfiniteSchedule(
                        peak: 0.001, cooldown: 100, constant: 0.0005, total: 1000, anneal: 100, minimum: 0.0001)))
        #expect(
            try resolved("{kind: step, milestones: [0.5, 0.75], factor: 2}")
                == .step(MultiStepSchedule(peak: 0.001, total: 1000, milestones: [0.5, 0.75], factor: 2)))
        #expect(
            try resolved("{kind: cyclic, cycles: 4, warmup_steps: 10, floor: 0.2}")
                == .cyclic(CyclicSchedule(peak: 0.001, warmup: 10, cycle: 250, floor: 0.2)))
        #expect(
            try resolved("{kind: rewarm, start: 0.0001, warmup: 0.01}")
                == .rewarm(RewarmSchedule(start: 0.0001, peak: 0.001, warmup: 10, total: 1000)))
        #expect(
            try resolved("{kind: points, points: [[0, 0.001], [500, 0.0005], {step: 1000, lr: 0}]}")
                == .points(
                    PiecewiseLinearSchedule(points: [
                        .init(step: 0, lr: 0.001), .init(step: 500, lr: 0.0005), .init(step: 1000, lr: 0),
                    ])))
    }

    @Test("schedule fields may be expressions over parameters")
    func expressions() throws {
        #expect(
            try resolved("{kind: wsd, peak: 2 * lr, decay_steps: steps / 4}")
                == .wsd(WarmupStableDecay(peak: 0.002, total: 1000, decay: 250)))
    }

    @Test("schedules sweep like any parameter", arguments: ["linear", "cosine", "1-sqrt", "exponential"])
    func shapes(shape: String) throws {
        let spec = try resolved("{kind: wsd, decay: 0.2, floor: 0.05, shape: \(shape)}")
        #expect(abs(spec.learningRate(at: 999) - 0.05 * 0.001) < 1e-15)
        #expect(spec.learningRate(at: 799) == 0.001)
    }

    @Test(
        "bad schedule values are errors naming the key",
        arguments: [
            ("{kind: wsd, shape: 1-sqr}", "did you mean '1-sqrt'?"),
            ("{kind: wsd, decay: 0.9, warmup: 0.2}", "exceed the run's 1000 steps"),
            ("{kind: wsd, shape: exponential}", "needs floor > 0"),
            ("{kind: cosine, floor: 2}", "must be in [0, 1]"),
            ("{kind: infinite}", "missing required key 'schedule.constant'"),
            ("{kind: step, milestones: [0.9, 0.5]}", "ascending fractions"),
            ("{kind: rewarm, start: parent}", "needs a 'from:' stage"),
            ("{kind: points, points: [[0, 1], [0, 2]]}", "share a step"),
            ("{kind: inverse_sqrt}", "at least one step"),
        ])
    func errors(schedule: String, message: String) throws {
        #expect(throws: SpecError.self) { try resolved(schedule) }
        let error = try #require(
            planError(
                tinyBase.replacingOccurrences(of: "steps: 100", with: "steps: 1000")
                    .replacingOccurrences(of: "{kind: constant}", with: schedule)))
        #expect(error.description.contains(message), "\(error)")
        #expect(error.line == 11)
    }
}
