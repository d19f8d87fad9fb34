import Foundation
import Testing
@testable import KilnLearningRate

@Suite struct ScheduleSpecCodingTests {
    static let specs: [ScheduleSpec] = [
        .constant(ConstantSchedule(peak: 0.001, warmup: 5)),
        .linear(DecaySchedule(peak: 0.001, warmup: 5, total: 100, floor: 0, shape: .linear)),
        .cosine(DecaySchedule(peak: 0.001, warmup: 5, total: 100, floor: 0.1, shape: .cosine)),
        .inverseSqrt(InverseSqrtSchedule(peak: 0.001, warmup: 5)),
        .wsd(WarmupStableDecay(peak: 0.001, warmup: 5, total: 100, decay: 20, shape: .oneMinusSqrt)),
        .infinite(
            InfiniteSchedule(
                peak: 0.001, warmup: 5, cooldown: 10, constant: 0.0003, total: 100, anneal: 10, minimum: 1e-5)),
        .step(MultiStepSchedule(peak: 0.001, total: 100, milestones: [0.8, 0.9], factor: 3)),
        .cyclic(CyclicSchedule(peak: 0.001, warmup: 5, cycle: 25, floor: 0.1)),
        .rewarm(RewarmSchedule(start: 1e-4, peak: 0.001, warmup: 5, total: 100)),
        .points(PiecewiseLinearSchedule(points: [.init(step: 0, lr: 0.001), .init(step: 100, lr: 0)])),
    ]

    @Test("every kind survives a JSON round trip and writes its kind", arguments: specs)
    func roundTrip(spec: ScheduleSpec) throws {
        let data = try JSONEncoder().encode(spec)
        #expect(try JSONDecoder().decode(ScheduleSpec.self, from: data) == spec)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(object?["kind"] as? String == spec.kind)
        #expect(ScheduleSpec.kinds.contains(spec.kind))
    }

    @Test("the documented WSD JSON decodes")
    func documentedForm() throws {
        let json =
            #"{"kind": "wsd", "peak": 0.001, "warmup": 50, "total": 1000, "decay": 200, "shape": "1-sqrt", "floor": 0}"#
        let spec = try JSONDecoder().decode(ScheduleSpec.self, from: Data(json.utf8))
        #expect(spec == .wsd(WarmupStableDecay(peak: 0.001, warmup: 50, total: 1000, decay: 200, shape: .oneMinusSqrt)))
    }

    @Test("an unknown kind is a decoding error naming it")
    func unknownKind() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ScheduleSpec.self, from: Data(#"{"kind": "cosin"}"#.utf8))
        }
    }
}
