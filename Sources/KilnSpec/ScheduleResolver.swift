import KilnLearningRate

/// Turns a spec's `schedule:` mapping into a concrete `ScheduleSpec` in steps for one run.
///
/// Lengths are given either as fractions of the run (`warmup: 0.01`) or in steps (`warmup_steps: 20`),
/// never both; ratios (`floor`, `constant`, `minimum`) are of the peak; `peak` defaults to the `lr`
/// parameter. Numeric fields may be expressions over the run's parameters (`peak: 2 * lr`).
struct ScheduleResolver {
    /// The run's numeric parameters, for expressions (includes `steps`).
    var values: [String: Double]
    /// The run's `lr` parameter as written (the peak when the schedule gives none).
    var learningRate: ParamValue?
    /// Steps of the whole run (the schedule's `total`).
    var steps: Int
    /// The learning rate the parent run ended with, for `rewarm` with `start: parent`.
    var parentFinalLR: Double?
    /// Where the schedule (or one of its fields) was written.
    var location: (String) -> SourceLocation

    /// Keys each kind accepts besides `kind`.
    static let keys: [String: [String]] = {
        let warm = ["peak", "warmup", "warmup_steps"]
        return [
            "constant": warm,
            "linear": warm + ["floor"],
            "cosine": warm + ["floor"],
            "inverse_sqrt": warm,
            "wsd": warm + ["decay", "decay_steps", "shape", "floor"],
            "infinite": warm + ["cooldown", "cooldown_steps", "constant", "anneal", "anneal_steps", "minimum"],
            "step": warm + ["milestones", "factor"],
            "cyclic": warm + ["cycle", "cycle_steps", "cycles", "floor"],
            "rewarm": warm + ["start", "shape", "floor"],
            "points": ["points"],
        ]
    }()

    func resolve(_ value: ParamValue) throws(SpecError) -> ScheduleSpec {
        guard case .object(let fields) = value else {
            throw SpecError(
                .wrongType(key: "schedule", expected: "a mapping with 'kind'", found: value.typeName),
                at: location("schedule"))
        }
        guard case .string(let kind)? = fields["kind"] else {
            throw SpecError(.missingKey("schedule.kind"), at: location("schedule"))
        }
        guard let allowed = Self.keys[kind] else {
            throw SpecError(
                .invalidValue(
                    key: "schedule.kind",
                    reason: "unknown schedule '\(kind)'"
                        + (Suggestion.nearest(to: kind, in: ScheduleSpec.kinds).map { "; did you mean '\($0)'?" } ?? "")
                ),
                at: location("schedule.kind"))
        }
        for key in fields.keys.sorted() where key != "kind" && !allowed.contains(key) {
            throw SpecError(
                .unknownKey(
                    "schedule.\(key)", suggestion: Suggestion.nearest(to: key, in: allowed).map { "schedule.\($0)" }),
                at: location("schedule.\(key)"))
        }
        let f = Fields(fields: fields, resolver: self)
        if kind == "points" { return .points(try f.points()) }
        let peak = try self.peak(f)
        let warmup = try f.length("warmup") ?? 0
        switch kind {
        case "constant":
            return .constant(ConstantSchedule(peak: peak, warmup: warmup))
        case "linear", "cosine":
            let floor = try f.ratio("floor") ?? (kind == "cosine" ? 0.1 : 0)
            let schedule = DecaySchedule(
                peak: peak, warmup: warmup, total: steps, floor: floor, shape: kind == "cosine" ? .cosine : .linear)
            return kind == "cosine" ? .cosine(schedule) : .linear(schedule)
        case "inverse_sqrt":
            guard warmup > 0 else { throw f.invalid("warmup", "inverse_sqrt needs a warmup of at least one step") }
            return .inverseSqrt(InverseSqrtSchedule(peak: peak, warmup: warmup))
        case "wsd":
            let decay = try f.length("decay") ?? Int((0.2 * Double(steps)).rounded())
            guard warmup + decay <= steps else {
                throw f.invalid("decay", "warmup (\(warmup)) + decay (\(decay)) exceed the run's \(steps) steps")
            }
            let shape = try f.shape() ?? .linear
            let floor = try f.ratio("floor") ?? 0
            if shape == .exponential && floor <= 0 { throw f.invalid("floor", "an exponential decay needs floor > 0") }
            return .wsd(
                WarmupStableDecay(peak: peak, warmup: warmup, total: steps, decay: decay, shape: shape, floor: floor))
        case "infinite":
            guard let constant = try f.ratio("constant") else {
                throw SpecError(.missingKey("schedule.constant"), at: location("schedule"))
            }
            let cooldown = try f.length("cooldown") ?? Int((0.1 * Double(steps)).rounded())
            let anneal = try f.length("anneal") ?? 0
            guard warmup + cooldown + anneal <= steps else {
                throw f.invalid(
                    "cooldown",
                    "warmup + cooldown + anneal (\(warmup + cooldown + anneal)) exceed the run's \(steps) steps")
            }
            let minimum = try f.ratio("minimum") ?? 0
            return .infinite(
                InfiniteSchedule(
                    peak: peak, warmup: warmup, cooldown: cooldown, constant: constant * peak,
                    total: steps, anneal: anneal, minimum: minimum * peak))
        case "step":
            let milestones = try f.fractions("milestones") ?? [0.8, 0.9]
            let factor = try f.number("factor") ?? 10.0.squareRoot()
            guard factor > 0 else { throw f.invalid("factor", "must be positive") }
            return .step(
                MultiStepSchedule(peak: peak, warmup: warmup, total: steps, milestones: milestones, factor: factor))
        case "cyclic":
            var cycle = try f.length("cycle")
            if let count = try f.number("cycles") {
                guard cycle == nil else { throw f.invalid("cycles", "give 'cycles' or a cycle length, not both") }
                guard count >= 1 else { throw f.invalid("cycles", "must be at least 1") }
                cycle = Int((Double(steps) / count).rounded(.up))
            }
            guard let cycle, cycle > warmup else {
                throw f.invalid("cycle", "each cycle must be longer than its warmup")
            }
            return .cyclic(CyclicSchedule(peak: peak, warmup: warmup, cycle: cycle, floor: try f.ratio("floor") ?? 0))
        default:  // rewarm
            var start = 0.0
            if case .string("parent")? = fields["start"] {
                guard let parentFinalLR else { throw f.invalid("start", "'parent' needs a 'from:' stage") }
                start = parentFinalLR
            } else if let value = try f.number("start") {
                start = value
            }
            return .rewarm(
                RewarmSchedule(
                    start: start, peak: peak, warmup: warmup, total: steps,
                    floor: try f.ratio("floor") ?? 0.1, shape: try f.shape() ?? .cosine))
        }
    }

    /// `schedule.peak`, or else the `lr` parameter; a bad value is reported as what the user wrote, where.
    private func peak(_ f: Fields) throws(SpecError) -> Double {
        if let peak = try f.number("peak") {
            guard peak > 0 else {
                throw f.invalid("peak", "must be positive, found \(RunIdentity.compact(.double(peak)))")
            }
            return peak
        }
        guard let learningRate else {
            throw SpecError(.missingKey("schedule.peak (or the parameter 'lr')"), at: location("schedule"))
        }
        guard let peak = learningRate.number else {
            throw SpecError(
                .wrongType(key: "lr", expected: "a number (the peak learning rate)", found: learningRate.typeName),
                at: location("lr"))
        }
        guard peak > 0 else {
            throw SpecError(
                .invalidValue(
                    key: "lr",
                    reason: "the peak learning rate must be positive, found \(RunIdentity.compact(learningRate))"),
                at: location("lr"))
        }
        return peak
    }
}
