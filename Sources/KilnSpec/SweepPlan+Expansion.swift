extension SweepPlan {
    /// Expands `spec` into its runs: stage by stage; within a stage, for each selected parent and
    /// branch step, the cartesian product of the axes (first axis slowest).
    public init(spec: SweepSpec) throws(SpecError) {
        name = spec.name
        description = spec.description
        specText = spec.text
        specHash = RunIdentity.hash(spec.text)
        stages = spec.stages.map(\.name)
        notes = []
        var entries: [PlannedEntry] = []
        for stage in spec.stages {
            let resolver = try RunResolver(stage: stage)
            let combos = Self.product(stage.axes)
            var branches: [(PlannedEntry?, Int?)] = [(nil, nil)]
            if let from = stage.from {
                let parents = entries.filter { $0.run.stage == from.stage && Self.matches($0.run, from.filters) }
                guard !parents.isEmpty else {
                    throw SpecError(.invalidValue(key: "from", reason: "no run of stage '\(from.stage)' matches the 'where' filter"), at: from.location)
                }
                branches = parents.flatMap { parent in from.steps.map { (parent, $0) } }
            }
            var seen: [String: String] = [:]
            for (parent, step) in branches {
                for combo in combos {
                    guard let inputs = try resolver.parameters(combo, parent: parent, branchStep: step, notes: &notes) else { continue }
                    let entry = try resolver.run(inputs, swept: combo, parent: parent, branchStep: step)
                    if let twin = seen[entry.run.configHash] {
                        throw SpecError(.conflict("stage '\(stage.name)' expands to two runs with the same configuration (\(twin))"), at: stage.location)
                    }
                    seen[entry.run.configHash] = entry.run.id
                    entries.append(entry)
                }
            }
            if !entries.contains(where: { $0.run.stage == stage.name }) {
                throw SpecError(.invalidValue(key: "stages", reason: "stage '\(stage.name)' has no runs"), at: stage.location)
            }
        }
        runs = entries.map(\.run)
    }

    /// Cartesian product of the axes' rows, the first axis varying slowest.
    static func product(_ axes: [Axis]) -> [[Assignment]] {
        axes.reduce([[]]) { combos, axis in combos.flatMap { combo in axis.rows.map { combo + $0 } } }
    }

    /// Whether a run's parameters pass every `where` filter (numbers compare by value; dotted paths look inside mappings).
    static func matches(_ run: PlannedRun, _ filters: [(name: String, values: [ParamValue])]) -> Bool {
        filters.allSatisfy { filter in
            let path = filter.name.split(separator: ".")
            guard let head = path.first, let value = run.params[String(head)]?.value(at: path.dropFirst()) else { return false }
            return filter.values.contains { $0.matches(value) }
        }
    }
}
