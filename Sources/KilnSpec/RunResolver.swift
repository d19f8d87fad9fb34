import KilnLearningRate
import KilnProtocol

/// Resolves one run of a stage: parameters, derivations, isoflop steps, schedule, data and trainer.
/// A class, so that the closures of each run's resolution share it instead of copying the stage.
final class RunResolver {
    let stage: StageSpec
    let derivations: [Derivation]
    let knownParameters: Set<String>
    /// JSON conversions shared by the stage's runs.
    let memo = EncodingMemo()
    /// Whether every `base` key is a parameter the built-in trainer knows (checked once, not per run).
    let baseKeysKnown: Bool
    /// Whether any parameter name the stage sets has a dot (`schedule.shape`) to fold into its mapping.
    let setsDottedNames: Bool

    init(stage: StageSpec) throws(SpecError) {
        self.stage = stage
        derivations = try stage.derivationOrder()
        if stage.isoflop != nil, let steps = stage.derive.first(where: { $0.name == "steps" }) {
            throw SpecError(
                .conflict("'steps' cannot be derived in a stage with 'isoflop' (the budget sets it)"),
                at: steps.location)
        }
        let names =
            Array(stage.base.keys) + stage.axes.flatMap { $0.rows.flatMap { $0.map(\.name) } }
            + stage.derive.map(\.name)
        setsDottedNames = names.contains { $0.contains(".") }
        knownParameters = Set(TrainingConfig.keys).subtracting(TrainingConfig.runtimeKeys)
            .union(TrainingConfig.kilnParameters).union(stage.expressionInputs)
        baseKeysKnown = stage.base.keys.allSatisfy { [knownParameters] in knownParameters.contains($0) }
    }

    /// `schedule` for `schedule.shape`: the parameter a dotted name sets a field of.
    static func root(_ name: String) -> String {
        name.firstIndex(of: ".").map { String(name[..<$0]) } ?? name
    }

    /// A run's parameters before schedule/data resolution; `nil` if an isoflop pair has too few steps.
    func parameters(_ combo: [Assignment], parent: PlannedEntry?, branchStep: Int?, notes: inout [String])
        throws(SpecError) -> [String: ParamValue]?
    {
        var params = parent?.inputs ?? [:]
        for (key, value) in stage.base { params[key] = value }
        for assignment in combo { params[assignment.name] = assignment.value }
        if let parent {
            params["branch_step"] = .int(branchStep ?? parent.run.steps)
            params["parent_steps"] = .int(parent.run.steps)
            try grow(&params, parent: parent, branchStep: branchStep, combo: combo)
        }
        try foldDottedKeys(&params)
        for derivation in derivations {
            let value = try derivation.expression.evaluate(numbers(params), at: derivation.location)
            guard value.isFinite else {
                throw SpecError(.expression("'\(derivation.name)' is \(value)"), at: derivation.location)
            }
            if TrainingConfig.integerKeys.contains(derivation.name) {
                guard abs(value) < 1e15 else {
                    throw SpecError(
                        .expression(
                            "'\(derivation.name)' is \(RunIdentity.compact(.double(value))), too large for a count"),
                        at: derivation.location)
                }
                params[derivation.name] = .int(Int(value.rounded()))
            } else {
                params[derivation.name] = .double(value)
            }
        }
        try foldDottedKeys(&params)  // derived dotted names (`schedule.decay_steps`)
        if let isoflop = stage.isoflop, let budget = params["budget"]?.number {
            let shape = try self.shape(params)
            let tokensPerStep = try product(
                [integer("batch", params), params["accumulation"]?.integer ?? 1, shape.context], of: "batch")
            guard tokensPerStep > 0 else {
                throw SpecError(
                    .invalidValue(key: "batch", reason: "an isoflop budget needs a positive batch"),
                    at: stage.location(of: "batch"))
            }
            let exactSteps = budget / (shape.flopsPerToken * Double(tokensPerStep))
            guard exactSteps < 1e15 else {
                throw SpecError(
                    .invalidValue(
                        key: "budget",
                        reason:
                            "\(RunIdentity.compact(.double(budget))) FLOPs is more than 10^15 steps of layers=\(shape.layers) width=\(shape.width)"
                    ),
                    at: stage.location(of: "budget"))
            }
            let steps = Int(exactSteps.rounded())
            if steps < isoflop.minSteps {
                notes.append(
                    "\(stage.name): skipped budget \(RunIdentity.compact(.double(budget))) with layers=\(shape.layers) width=\(shape.width): \(steps) steps < min_steps \(isoflop.minSteps)"
                )
                return nil
            }
            params["steps"] = .int(steps)
        }
        return params
    }

    /// Numeric parameters, the environment of expressions.
    func numbers(_ params: [String: ParamValue]) -> [String: Double] {
        params.compactMapValues(\.number)
    }

    func integer(_ key: String, _ params: [String: ParamValue]) throws(SpecError) -> Int {
        guard let value = params[key] else { throw SpecError(.missingKey(key), at: stage.location) }
        guard let number = value.integer else {
            throw SpecError(
                .wrongType(key: key, expected: "an integer", found: value.typeName), at: stage.location(of: key))
        }
        return number
    }

    /// The model shape from `layers`, `width`, `heads`, `context` (and `vocab`, default 256); a shape
    /// whose parameter count would not fit an integer is an error at `width`.
    func shape(_ params: [String: ParamValue]) throws(SpecError) -> ModelShape {
        let shape = ModelShape(
            layers: try integer("layers", params), width: try integer("width", params),
            heads: try integer("heads", params),
            context: try integer("context", params), vocab: params["vocab"]?.integer ?? ModelShape.byteVocabulary)
        let (layers, width) = (Double(shape.layers), Double(shape.width))
        let size = (Double(shape.vocab) + Double(shape.context) + 12 * layers * width + 13 * layers + 2) * width
        guard abs(size) < 1e18, abs(6 * layers * Double(shape.context) * width) < 1e18 else {
            throw SpecError(
                .invalidValue(
                    key: "width",
                    reason: "a model of layers=\(shape.layers) width=\(shape.width) context=\(shape.context) "
                        + "has more than 10^18 parameters"), at: stage.location(of: "width"))
        }
        return shape
    }

    /// The product of `factors` (tokens from steps, batch, accumulation and context); one too large
    /// for an integer is an error at `key`.
    func product(_ factors: [Int], of key: String) throws(SpecError) -> Int {
        var result = 1
        for factor in factors {
            let (next, overflow) = result.multipliedReportingOverflow(by: factor)
            guard !overflow, abs(next) < 1 << 60 else {
                throw SpecError(
                    .invalidValue(
                        key: key, reason: "\(factors.map(String.init).joined(separator: " × ")) is too large"),
                    at: stage.location(of: key))
            }
            result = next
        }
        return result
    }

    /// The shape, if the run states one.
    func shapeIfPresent(_ params: [String: ParamValue]) throws(SpecError) -> ModelShape? {
        ["layers", "width", "heads", "context"].allSatisfy { params[$0] != nil } ? try shape(params) : nil
    }

    /// `schedule.shape: x` sets `shape` inside the `schedule` mapping.
    private func foldDottedKeys(_ params: inout [String: ParamValue]) throws(SpecError) {
        guard setsDottedNames else { return }
        for key in params.keys.filter({ $0.contains(".") }).sorted() {
            let path = key.split(separator: ".").map(String.init)
            let value = params.removeValue(forKey: key)!
            params[path[0]] = try setting(params[path[0]], path: path[1...], to: value, key: key)
        }
    }

    private func setting(_ container: ParamValue?, path: ArraySlice<String>, to value: ParamValue, key: String)
        throws(SpecError) -> ParamValue
    {
        guard let head = path.first else { return value }
        var fields: [String: ParamValue] = [:]
        switch container {
        case nil: break
        case .object(let existing)?: fields = existing
        case let other?:
            throw SpecError(
                .conflict(
                    "'\(key)' needs '\(key.split(separator: ".").dropLast().joined(separator: "."))' to be a mapping, not \(other.typeName)"
                ),
                at: stage.location(of: key))
        }
        fields[head] = try setting(fields[head], path: path.dropFirst(), to: value, key: key)
        return .object(fields)
    }
}
