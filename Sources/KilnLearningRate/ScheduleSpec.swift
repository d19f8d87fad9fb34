/// A resolved schedule, every length in steps: the form stored in a run's configuration and read by
/// the training core, the planner and the reports. Encodes as an object with a `kind` key
/// (`{"kind": "wsd", "peak": 0.001, "warmup": 50, "total": 1000, "decay": 200, "shape": "1-sqrt", "floor": 0}`).
package enum ScheduleSpec: Sendable, Hashable {
    case constant(ConstantSchedule)
    case linear(DecaySchedule)
    case cosine(DecaySchedule)
    case inverseSqrt(InverseSqrtSchedule)
    case wsd(WarmupStableDecay)
    case infinite(InfiniteSchedule)
    case step(MultiStepSchedule)
    case cyclic(CyclicSchedule)
    case rewarm(RewarmSchedule)
    case points(PiecewiseLinearSchedule)

    /// The schedule's name as written in specs and configurations.
    package var kind: String {
        switch self {
        case .constant: "constant"
        case .linear: "linear"
        case .cosine: "cosine"
        case .inverseSqrt: "inverse_sqrt"
        case .wsd: "wsd"
        case .infinite: "infinite"
        case .step: "step"
        case .cyclic: "cyclic"
        case .rewarm: "rewarm"
        case .points: "points"
        }
    }

    /// Every kind, for validation messages.
    package static let kinds = [
        "constant", "linear", "cosine", "inverse_sqrt", "wsd", "infinite", "step", "cyclic", "rewarm", "points",
    ]

    /// The schedule as a value to evaluate.
    package var schedule: any Schedule {
        switch self {
        case .constant(let s): s
        case .linear(let s): s
        case .cosine(let s): s
        case .inverseSqrt(let s): s
        case .wsd(let s): s
        case .infinite(let s): s
        case .step(let s): s
        case .cyclic(let s): s
        case .rewarm(let s): s
        case .points(let s): s
        }
    }
}

extension ScheduleSpec: Schedule {
    package func learningRate(at step: Int) -> Double { schedule.learningRate(at: step) }
}

extension ScheduleSpec: Codable {
    private enum CodingKeys: String, CodingKey { case kind }

    package init(from decoder: any Decoder) throws {
        let kind = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .kind)
        switch kind {
        case "constant": self = .constant(try ConstantSchedule(from: decoder))
        case "linear": self = .linear(try DecaySchedule(from: decoder))
        case "cosine": self = .cosine(try DecaySchedule(from: decoder))
        case "inverse_sqrt": self = .inverseSqrt(try InverseSqrtSchedule(from: decoder))
        case "wsd": self = .wsd(try WarmupStableDecay(from: decoder))
        case "infinite": self = .infinite(try InfiniteSchedule(from: decoder))
        case "step": self = .step(try MultiStepSchedule(from: decoder))
        case "cyclic": self = .cyclic(try CyclicSchedule(from: decoder))
        case "rewarm": self = .rewarm(try RewarmSchedule(from: decoder))
        case "points": self = .points(try PiecewiseLinearSchedule(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: try decoder.container(keyedBy: CodingKeys.self),
                debugDescription:
                    "unknown schedule kind '\(kind)'; expected one of \(Self.kinds.joined(separator: ", "))")
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        switch self {
        case .constant(let s): try s.encode(to: encoder)
        case .linear(let s), .cosine(let s): try s.encode(to: encoder)
        case .inverseSqrt(let s): try s.encode(to: encoder)
        case .wsd(let s): try s.encode(to: encoder)
        case .infinite(let s): try s.encode(to: encoder)
        case .step(let s): try s.encode(to: encoder)
        case .cyclic(let s): try s.encode(to: encoder)
        case .rewarm(let s): try s.encode(to: encoder)
        case .points(let s): try s.encode(to: encoder)
        }
    }
}
