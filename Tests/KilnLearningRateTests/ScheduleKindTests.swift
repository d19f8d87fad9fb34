import Foundation
import Testing
@testable import KilnLearningRate

/// The particular shape of each schedule, checked against its formula at chosen steps.
@Suite struct ScheduleKindTests {
    @Test("WSD is flat at the peak until the cooldown, then follows its shape to the floor")
    func wsd() {
        let s = WarmupStableDecay(peak: 1, warmup: 10, total: 100, decay: 20, shape: .oneMinusSqrt, floor: 0.1)
        #expect(s.decayStart == 80)
        #expect((10..<80).allSatisfy { s.learningRate(at: $0) == 1 })
        // Step 84 is 5 of 20 cooldown steps in: x = 0.25, 1-sqrt gives 0.1 + 0.9 · 0.5.
        #expect(abs(s.learningRate(at: 84) - 0.55) < 1e-12)
        #expect(abs(s.learningRate(at: 99) - 0.1) < 1e-12)
    }

    @Test("WSD without a cooldown stays at the peak past the end")
    func wsdWithoutDecay() {
        let s = WarmupStableDecay(peak: 1, warmup: 0, total: 100, decay: 0)
        #expect(s.learningRate(at: 99) == 1)
        #expect(s.learningRate(at: 150) == 1)
    }

    @Test("cosine matches its formula mid-decay")
    func cosine() {
        let s = DecaySchedule(peak: 2, warmup: 0, total: 101, floor: 0.1, shape: .cosine)
        // Step 49 is halfway (x = 50/101 ≈ 0.495): r + (1 − r)·½(1 + cos πx).
        let x = 50.0 / 101
        #expect(abs(s.learningRate(at: 49) - 2 * (0.1 + 0.9 * 0.5 * (1 + cos(Double.pi * x)))) < 1e-12)
    }

    @Test("multi-step divides by the factor at each milestone (8-1-1)")
    func multiStep() {
        let s = MultiStepSchedule(peak: 1, warmup: 0, total: 1000, milestones: [0.8, 0.9], factor: 10.0.squareRoot())
        #expect(s.learningRate(at: 799) == 1)
        #expect(abs(s.learningRate(at: 800) - 1 / 10.0.squareRoot()) < 1e-12)
        #expect(abs(s.learningRate(at: 899) - 1 / 10.0.squareRoot()) < 1e-12)
        #expect(abs(s.learningRate(at: 900) - 0.1) < 1e-12)
    }

    @Test("inverse square root decays as √(W / (n + 1)) after the warmup")
    func inverseSqrt() {
        let s = InverseSqrtSchedule(peak: 1, warmup: 100)
        #expect(s.learningRate(at: 99) == 1)
        #expect(abs(s.learningRate(at: 399) - 0.5) < 1e-12)
    }

    @Test("infinite: cosine cooldown to the constant, flat, then an exponential anneal to the minimum")
    func infinite() {
        let s = InfiniteSchedule(
            peak: 1, warmup: 10, cooldown: 40, constant: 0.25, total: 200, anneal: 50, minimum: 0.01)
        #expect(s.learningRate(at: 49) == 0.25)
        #expect((50..<150).allSatisfy { s.learningRate(at: $0) == 0.25 })
        // Halfway through the anneal (x = 25/50): 0.25 · (0.01 / 0.25)^0.5 = 0.05.
        #expect(abs(s.learningRate(at: 174) - 0.05) < 1e-12)
        #expect(abs(s.learningRate(at: 199) - 0.01) < 1e-12)
    }

    @Test("cyclic: each cycle re-warms from the floor to the peak and cools down to the floor")
    func cyclic() {
        let s = CyclicSchedule(peak: 1, warmup: 10, cycle: 100, floor: 0.2)
        for k in 0..<3 {
            #expect(s.learningRate(at: 100 * k + 9) == 1)
            #expect(abs(s.learningRate(at: 100 * k + 99) - 0.2) < 1e-12)
        }
        #expect(s.learningRate(at: 100) > 0.2 && s.learningRate(at: 100) < 1)
        #expect(abs(s.learningRate(at: 100) - (0.2 + 0.8 * 0.1)) < 1e-12)  // rewarm starts from the floor
        #expect(abs(s.learningRate(at: 0) - 0.1) < 1e-12)  // the first warmup starts from 0
    }

    @Test("rewarm warms linearly from the start LR to the new peak, then decays to the floor")
    func rewarm() {
        let s = RewarmSchedule(start: 0.0003, peak: 0.001, warmup: 10, total: 110, floor: 0.1, shape: .cosine)
        #expect(abs(s.learningRate(at: 0) - (0.0003 + 0.0007 * 0.1)) < 1e-15)
        #expect(s.learningRate(at: 9) == 0.001)
        #expect(abs(s.learningRate(at: 109) - 0.0001) < 1e-15)
    }

    @Test("points interpolate linearly and hold their ends")
    func points() {
        let s = PiecewiseLinearSchedule(points: [
            .init(step: 100, lr: 0), .init(step: 0, lr: 1), .init(step: 50, lr: 0.5),
        ])
        #expect(s.learningRate(at: -5) == 1)
        #expect(s.learningRate(at: 25) == 0.75)
        #expect(s.learningRate(at: 75) == 0.25)
        #expect(s.learningRate(at: 500) == 0)
        #expect(PiecewiseLinearSchedule(points: []).learningRate(at: 3) == 0)
    }

    @Test("decay shapes run from 1 to the floor", arguments: DecayShape.allCases)
    func shapes(shape: DecayShape) {
        #expect(abs(shape.multiplier(progress: 0, floor: 0.1) - 1) < 1e-12)
        #expect(abs(shape.multiplier(progress: 1, floor: 0.1) - 0.1) < 1e-12)
    }
}
