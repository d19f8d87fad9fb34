import KilnProtocol

/// Reads `data:` and `eval:` values into the trainer's `DataMixture` and `EvalSet`s.
///
/// `data: prose` (one source), `data: {code: 0.95, prose: 0.05}` (weights), or
/// `data: {mixture: {…}, phases: [{from: 0.9, mixture: {…}}]}` (a mixture that changes at fractions of
/// training). `eval: [prose, code]` or `eval: {name: source, …}`. Sources are corpus names
/// (`prose`, `code`, `synthetic`) or file paths.
enum DataResolver {
    static func mixture(_ value: ParamValue, at location: SourceLocation) throws(SpecError) -> DataMixture {
        if case .object(let fields) = value, let base = fields["mixture"] {
            for key in fields.keys where key != "mixture" && key != "phases" {
                throw SpecError(
                    .unknownKey(
                        "data.\(key)",
                        suggestion: Suggestion.nearest(to: key, in: ["mixture", "phases"]).map { "data.\($0)" }),
                    at: location)
            }
            var phases: [DataPhase] = []
            if let raw = fields["phases"] {
                guard case .list(let items) = raw else {
                    throw SpecError(
                        .wrongType(key: "data.phases", expected: "a list", found: raw.typeName), at: location)
                }
                for item in items {
                    guard case .object(let phase) = item, let from = phase["from"]?.number,
                        let mixture = phase["mixture"],
                        phase.count == 2
                    else {
                        throw SpecError(
                            .invalidValue(key: "data.phases", reason: "each phase is {from: fraction, mixture: {…}}"),
                            at: location)
                    }
                    guard from > 0, from < 1 else {
                        throw SpecError(
                            .invalidValue(
                                key: "data.phases.from", reason: "a fraction of training in (0, 1), found \(from)"),
                            at: location)
                    }
                    if let last = phases.last, last.from >= from {
                        throw SpecError(
                            .invalidValue(key: "data.phases", reason: "phases must be in ascending 'from' order"),
                            at: location)
                    }
                    phases.append(DataPhase(from: from, mixture: try components(mixture, at: location)))
                }
            }
            return DataMixture(mixture: try components(base, at: location), phases: phases)
        }
        return DataMixture(mixture: try components(value, at: location))
    }

    /// One mixture: a source name, or source → weight (sorted by source for a stable order).
    private static func components(_ value: ParamValue, at location: SourceLocation) throws(SpecError)
        -> [DataComponent]
    {
        switch value {
        case .string(let source):
            return [DataComponent(source: source, weight: 1)]
        case .object(let weights):
            var out: [DataComponent] = []
            for (source, weight) in weights.sorted(by: { $0.key < $1.key }) {
                guard let number = weight.number, number >= 0 else {
                    throw SpecError(
                        .invalidValue(key: "data.\(source)", reason: "a weight must be a number ≥ 0, found \(weight)"),
                        at: location)
                }
                out.append(DataComponent(source: source, weight: number))
            }
            guard out.contains(where: { $0.weight > 0 }) else {
                throw SpecError(
                    .invalidValue(key: "data", reason: "the weights of a mixture must not all be zero"), at: location)
            }
            return out
        default:
            throw SpecError(
                .wrongType(
                    key: "data", expected: "a source name or a mapping of sources to weights", found: value.typeName),
                at: location)
        }
    }

    static func evalSets(_ value: ParamValue, at location: SourceLocation) throws(SpecError) -> [EvalSet] {
        switch value {
        case .string(let source):
            return [EvalSet(name: source, source: source)]
        case .list(let items):
            return try items.map { (item) throws(SpecError) -> EvalSet in
                guard case .string(let source) = item else {
                    throw SpecError(
                        .wrongType(key: "eval", expected: "a list of sources", found: item.typeName), at: location)
                }
                return EvalSet(name: source, source: source)
            }
        case .object(let fields):
            return try fields.sorted { $0.key < $1.key }.map { (entry) throws(SpecError) -> EvalSet in
                guard case .string(let source) = entry.value else {
                    throw SpecError(
                        .wrongType(key: "eval.\(entry.key)", expected: "a source", found: entry.value.typeName),
                        at: location)
                }
                return EvalSet(name: entry.key, source: source)
            }
        default:
            throw SpecError(
                .wrongType(
                    key: "eval", expected: "a list of sources or a mapping of names to sources", found: value.typeName),
                at: location)
        }
    }
}
