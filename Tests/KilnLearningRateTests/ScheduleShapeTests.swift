import Foundation
import Testing
@testable import KilnLearningRate

/// Shape properties every schedule promises (`Schedule.swift`): warmup monotone and exactly at the
/// peak on its last step, bounded, decays monotone and at the floor on the last step, and the final
/// learning rate kept past the end.
@Suite struct ScheduleShapeTests {
    static let peak = 0.003
    static let total = 1000

    /// One schedule of each kind with a 50-step warmup, its final LR at step total − 1, and its LR range.
    static let cases: [(name: String, spec: ScheduleSpec, final: Double?, decays: Bool)] = [
        ("constant", .constant(ConstantSchedule(peak: peak, warmup: 50)), peak, false),
        ("linear", .linear(DecaySchedule(peak: peak, warmup: 50, total: total, floor: 0, shape: .linear)), 0, true),
        (
            "cosine", .cosine(DecaySchedule(peak: peak, warmup: 50, total: total, floor: 0.1, shape: .cosine)),
            0.1 * peak, true
        ),
        (
            "inverse_sqrt", .inverseSqrt(InverseSqrtSchedule(peak: peak, warmup: 50)),
            peak * (50.0 / 1000).squareRoot(), true
        ),
        (
            "wsd-linear", .wsd(WarmupStableDecay(peak: peak, warmup: 50, total: total, decay: 200, shape: .linear)), 0,
            true
        ),
        (
            "wsd-cosine",
            .wsd(WarmupStableDecay(peak: peak, warmup: 50, total: total, decay: 200, shape: .cosine, floor: 0.05)),
            0.05 * peak, true
        ),
        (
            "wsd-1-sqrt",
            .wsd(WarmupStableDecay(peak: peak, warmup: 50, total: total, decay: 200, shape: .oneMinusSqrt)), 0, true
        ),
        (
            "wsd-square", .wsd(WarmupStableDecay(peak: peak, warmup: 50, total: total, decay: 200, shape: .square)), 0,
            true
        ),
        (
            "wsd-exponential",
            .wsd(WarmupStableDecay(peak: peak, warmup: 50, total: total, decay: 200, shape: .exponential, floor: 0.01)),
            0.01 * peak, true
        ),
        (
            "infinite",
            .infinite(
                InfiniteSchedule(
                    peak: peak, warmup: 50, cooldown: 150, constant: 0.3 * peak, total: total, anneal: 100,
                    minimum: 0.01 * peak)), 0.01 * peak, true
        ),
        (
            "step",
            .step(
                MultiStepSchedule(
                    peak: peak, warmup: 50, total: total, milestones: [0.8, 0.9], factor: 10.0.squareRoot())),
            peak / 10, true
        ),
        ("rewarm", .rewarm(RewarmSchedule(start: 0, peak: peak, warmup: 50, total: total)), 0.1 * peak, true),
        ("cyclic", .cyclic(CyclicSchedule(peak: peak, warmup: 50, cycle: 250, floor: 0.1)), 0.1 * peak, false),
    ]

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(a), abs(b)) }

    @Test(
        "warmup rises monotonically from above zero to exactly the peak at step warmup − 1",
        arguments: cases.map(\.name))
    func warmup(name: String) throws {
        let spec = try #require(Self.cases.first { $0.name == name }).spec
        let rates = spec.learningRates(count: 50)
        #expect(rates[0] > 0)
        #expect(zip(rates, rates.dropFirst()).allSatisfy { $0 < $1 })
        #expect(rates[49] == Self.peak)
    }

    @Test("rates stay within [0, peak]", arguments: cases.map(\.name))
    func bounds(name: String) throws {
        let spec = try #require(Self.cases.first { $0.name == name }).spec
        #expect(spec.learningRates(count: Self.total + 50).allSatisfy { $0 >= 0 && $0 <= Self.peak })
    }

    @Test("the last step is at the final LR, and later steps keep it", arguments: cases.map(\.name))
    func final(name: String) throws {
        let item = try #require(Self.cases.first { $0.name == name })
        let last = item.spec.learningRate(at: Self.total - 1)
        #expect(Self.close(last, try #require(item.final)), "\(last)")
        if name != "cyclic" && name != "inverse_sqrt" {
            #expect(item.spec.learningRate(at: Self.total + 500) == last)
        }
    }

    @Test("decays never rise after the warmup", arguments: cases.filter(\.decays).map(\.name))
    func monotoneDecay(name: String) throws {
        let spec = try #require(Self.cases.first { $0.name == name }).spec
        let rates = Array(spec.learningRates(count: Self.total).dropFirst(49))
        #expect(zip(rates, rates.dropFirst()).allSatisfy { $1 <= $0 + 1e-18 })
    }

    @Test(
        "linear and cosine decays are continuous: no step changes by more than their largest slope",
        arguments: ["linear", "cosine", "wsd-linear", "wsd-cosine", "rewarm"])
    func continuity(name: String) throws {
        let spec = try #require(Self.cases.first { $0.name == name }).spec
        let rates = Array(spec.learningRates(count: Self.total).dropFirst(49))
        let length = name.hasPrefix("wsd") ? 200.0 : 950.0
        let slope = (name.contains("cosine") || name == "rewarm" ? Double.pi / 2 : 1) * Self.peak / length
        #expect(zip(rates, rates.dropFirst()).allSatisfy { $0 - $1 <= slope * (1 + 1e-9) })
    }
}
