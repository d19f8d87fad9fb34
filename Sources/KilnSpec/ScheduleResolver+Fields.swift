import KilnLearningRate

extension ScheduleResolver {
    /// Typed reads of one schedule mapping's fields, with messages naming `schedule.<key>`.
    struct Fields {
        let fields: [String: ParamValue]
        let resolver: ScheduleResolver

        func invalid(_ key: String, _ reason: String) -> SpecError {
            SpecError(.invalidValue(key: "schedule.\(key)", reason: reason), at: resolver.location("schedule.\(key)"))
        }

        /// A number, or an expression over the run's parameters.
        func number(_ key: String) throws(SpecError) -> Double? {
            guard let value = fields[key] else { return nil }
            if let number = value.number { return number }
            guard case .string(let text) = value else {
                throw SpecError(
                    .wrongType(key: "schedule.\(key)", expected: "a number or an expression", found: value.typeName),
                    at: resolver.location("schedule.\(key)"))
            }
            let place = resolver.location("schedule.\(key)")
            let number = try Expression(parsing: text, at: place).evaluate(resolver.values, at: place)
            guard number.isFinite else { throw invalid(key, "'\(text)' is \(number), not a finite number") }
            return number
        }

        /// A ratio of the peak, in [0, 1].
        func ratio(_ key: String) throws(SpecError) -> Double? {
            guard let value = try number(key) else { return nil }
            guard (0...1).contains(value) else {
                throw invalid(key, "a ratio of the peak must be in [0, 1], found \(value)")
            }
            return value
        }

        /// A length in steps from `key` (a fraction of the run) or `key_steps` (steps).
        func length(_ key: String) throws(SpecError) -> Int? {
            let fraction = try number(key), steps = try number("\(key)_steps")
            switch (fraction, steps) {
            case (nil, nil):
                return nil
            case (.some, .some):
                throw invalid(key, "give '\(key)' (a fraction of the run) or '\(key)_steps' (steps), not both")
            case (let fraction?, nil):
                guard (0...1).contains(fraction) else {
                    throw invalid(
                        key,
                        "'\(key)' is a fraction of the run in [0, 1], found \(fraction); use '\(key)_steps' for steps")
                }
                return Int((fraction * Double(resolver.steps)).rounded())
            case (nil, let steps?):
                guard steps >= 0, steps.rounded() == steps else {
                    throw invalid("\(key)_steps", "must be a whole number of steps ≥ 0")
                }
                return Int(steps)
            }
        }

        func shape() throws(SpecError) -> DecayShape? {
            guard let value = fields["shape"] else { return nil }
            guard case .string(let name) = value, let shape = DecayShape(rawValue: name) else {
                let names = DecayShape.allCases.map(\.rawValue)
                throw invalid(
                    "shape",
                    "expected one of \(names.joined(separator: ", "))"
                        + (Suggestion.nearest(to: value.description, in: names).map { "; did you mean '\($0)'?" } ?? "")
                )
            }
            return shape
        }

        /// Ascending fractions in (0, 1).
        func fractions(_ key: String) throws(SpecError) -> [Double]? {
            guard let value = fields[key] else { return nil }
            guard case .list(let items) = value else { throw invalid(key, "expected a list of fractions") }
            let numbers = items.compactMap(\.number)
            guard numbers.count == items.count, numbers.allSatisfy({ $0 > 0 && $0 < 1 }), numbers == numbers.sorted()
            else {
                throw invalid(key, "expected ascending fractions of the run in (0, 1)")
            }
            return numbers
        }

        /// `points: [[step, lr], …]` or `[{step, lr}, …]`.
        func points() throws(SpecError) -> PiecewiseLinearSchedule {
            guard case .list(let items)? = fields["points"], !items.isEmpty else {
                throw invalid("points", "expected a non-empty list of [step, lr] pairs")
            }
            var points: [PiecewiseLinearSchedule.Point] = []
            for item in items {
                let pair: (ParamValue?, ParamValue?)
                switch item {
                case .list(let two) where two.count == 2: pair = (two[0], two[1])
                case .object(let fields): pair = (fields["step"], fields["lr"])
                default: pair = (nil, nil)
                }
                guard let step = pair.0?.integer, step >= 0, let lr = pair.1?.number, lr >= 0 else {
                    throw invalid("points", "each point is [step, lr] with a step ≥ 0 and lr ≥ 0, found \(item)")
                }
                points.append(.init(step: step, lr: lr))
            }
            guard Set(points.map(\.step)).count == points.count else {
                throw invalid("points", "two points share a step")
            }
            return PiecewiseLinearSchedule(points: points)
        }
    }
}
