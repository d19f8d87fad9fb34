import KilnProtocol

extension StageSpec {
    /// Keys of `population:`.
    static let populationKeys = ["size", "ready", "params", "exploit", "explore", "metric", "seed"]

    /// `population: {size, ready, params: {name: {distribution: […]}}, exploit: {truncation}, explore:
    /// {perturb: {name: [factors]}, resample: {name: {distribution: […]}}}, metric, seed}`: one row per
    /// member, its `params` drawn like `random:` (SplitMix64 seeded by `seed`, member by member,
    /// parameters in file order), with `steps` set to `ready` (the first segment). The stage's
    /// `base.steps` is each member's whole length. A population is the stage's only expansion.
    static func populationAxis(
        _ node: SpecNode, stage: String, base: [String: ParamValue], axes: [Axis],
        locations: inout [String: SourceLocation]
    ) throws(SpecError) -> (Axis, PopulationRule) {
        let fields = try node.fields(allowed: populationKeys)
        if let other = axes.first {
            throw SpecError(
                .conflict("'population' cannot be combined with '\(other.source)': the population draws its members"),
                at: node.location)
        }
        func required(_ key: String) throws(SpecError) -> SpecNode {
            guard let value = fields[key] else { throw SpecError(.missingKey("population.\(key)"), at: node.location) }
            return value
        }
        let sizeNode = try required("size"), readyNode = try required("ready")
        let size = try sizeNode.int(), ready = try readyNode.int()
        guard size >= 2, size <= 10_000 else {
            throw SpecError(.invalidValue(key: "population.size", reason: "must be 2 to 10000"), at: sizeNode.location)
        }
        guard ready >= 1 else {
            throw SpecError(
                .invalidValue(key: "population.ready", reason: "must be at least 1 step"), at: readyNode.location)
        }
        guard let steps = base["steps"]?.integer, steps >= 1 else {
            throw SpecError(
                .missingKey("base.steps (an integer: the steps each population member trains)"), at: node.location)
        }
        guard steps % ready == 0 else {
            throw SpecError(
                .invalidValue(
                    key: "population.ready",
                    reason: "must divide the members' steps (\(steps)) into segments of equal length; \(ready) does not"
                ),
                at: readyNode.location)
        }
        let truncation = try exploitTruncation(try required("exploit"))
        let (perturb, resample) = try explore(try required("explore"))
        let metricNode = try required("metric")
        let metric = try metricNode.string()
        guard !metric.isEmpty else {
            throw SpecError(
                .invalidValue(key: "population.metric", reason: "empty metric name"), at: metricNode.location)
        }
        let seed = try fields["seed"]?.int() ?? 0
        var draws: [(String, Distribution)] = []
        if let params = fields["params"] {
            for entry in try params.entries() {
                draws.append((entry.key, try distribution(entry.value)))
                locations[entry.key] = entry.value.location
            }
        }
        locations["steps"] = locations["steps"] ?? readyNode.location
        var generator = SplitMix64(seed: UInt64(bitPattern: Int64(seed)))
        let rows = (0..<size).map { _ in
            draws.map { Assignment(name: $0.0, value: $0.1.sample(&generator)) }
                + [Assignment(name: "steps", value: .int(ready))]
        }
        let rule = PopulationRule(
            stage: stage, size: size, ready: ready, steps: steps, truncation: truncation, perturb: perturb,
            resample: resample, metric: metric, seed: seed)
        return (Axis(source: "population", rows: rows), rule)
    }

    /// `exploit: {truncation: f}`: the bottom fraction f (0 < f ≤ 0.5) copies the top fraction f.
    private static func exploitTruncation(_ node: SpecNode) throws(SpecError) -> Double {
        let fields = try node.fields(allowed: ["truncation"])
        guard let value = fields["truncation"] else { throw SpecError(.missingKey("truncation"), at: node.location) }
        let truncation = try value.double()
        guard truncation > 0, truncation <= 0.5 else {
            throw SpecError(
                .invalidValue(
                    key: value.key,
                    reason:
                        "a fraction of the population in (0, 0.5], found \(RunIdentity.compact(.double(truncation)))"),
                at: value.location)
        }
        return truncation
    }

    /// `explore: {perturb: {name: [factor, …]}, resample: {name: {uniform|log_uniform|int: [low, high]}}}`.
    private static func explore(_ node: SpecNode) throws(SpecError) -> (
        [String: [Double]], [String: NumericDistribution]
    ) {
        let fields = try node.fields(allowed: ["perturb", "resample"])
        var perturb: [String: [Double]] = [:]
        var resample: [String: NumericDistribution] = [:]
        for entry in try fields["perturb"]?.entries() ?? [] {
            let factors = try entry.value.items().map { (item) throws(SpecError) -> Double in
                let factor = try item.double()
                guard factor > 0, factor.isFinite else {
                    throw SpecError(
                        .invalidValue(key: item.key, reason: "a factor must be positive"), at: item.location)
                }
                return factor
            }
            guard !factors.isEmpty else {
                throw SpecError(
                    .invalidValue(key: entry.value.key, reason: "empty list of factors"), at: entry.value.location)
            }
            perturb[entry.key] = factors
        }
        for entry in try fields["resample"]?.entries() ?? [] {
            guard case .numeric(let numeric) = try distribution(entry.value) else {
                throw SpecError(
                    .invalidValue(key: entry.value.key, reason: "resample draws numbers: uniform, log_uniform or int"),
                    at: entry.value.location)
            }
            if perturb[entry.key] != nil {
                throw SpecError(
                    .conflict("parameter '\(entry.key)' is both perturbed and resampled"), at: entry.keyLocation)
            }
            resample[entry.key] = numeric
        }
        guard !perturb.isEmpty || !resample.isEmpty else {
            throw SpecError(.missingKey("explore.perturb or explore.resample"), at: node.location)
        }
        return (perturb, resample)
    }

    /// Checks a population member's first segment, as planned: it starts from scratch, its schedule
    /// does not depend on its length (a `constant` schedule: every segment is resolved over its own
    /// end), the parameters explore perturbs are numbers, and a `command:` reads what changes
    /// between segments from `KILN_CONFIG` rather than from placeholders pasted into its argv.
    func checkPopulationMember(_ run: PlannedRun, rule: PopulationRule) throws(SpecError) {
        if let from {
            throw SpecError(.conflict("a population stage cannot branch off another stage ('from')"), at: from.location)
        }
        if case .object(let schedule)? = run.params["schedule"], let kind = schedule["kind"],
            kind != .string("constant")
        {
            throw SpecError(
                .invalidValue(
                    key: "schedule",
                    reason:
                        "a population member's schedule must be 'constant' (found \(RunIdentity.compact(kind))): "
                        + "it is resolved over each segment, and explore changes the learning rate itself"),
                at: location(of: "schedule"))
        }
        for name in rule.perturb.keys.sorted() where run.params[name]?.number == nil {
            throw SpecError(
                .invalidValue(
                    key: "population.explore.perturb.\(name)", reason: "'\(name)' must be a number parameter"),
                at: location(of: name))
        }
        guard case .command(let argv) = trainer else { return }
        let changing = ["steps", "schedule"] + rule.explored
        for (index, argument) in argv.enumerated() {
            for name in changing
            where ["{\(name)}", "{\(name).", "{\(name)!"].contains(where: { argument.contains($0) }) {
                throw SpecError(
                    .invalidValue(
                        key: "trainer.command",
                        reason:
                            "{\(name)} changes between a population's segments but the argv is fixed when planned; "
                            + "read '\(name)' from the file $KILN_CONFIG names"),
                    at: locations["trainer.command[\(index)]"] ?? location)
            }
        }
    }
}
