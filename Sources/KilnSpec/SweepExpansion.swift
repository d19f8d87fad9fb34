import KilnProtocol

/// Expands a spec into its runs one at a time, in plan order, keeping only what later stages need
/// (the runs of stages that others branch off): memory stays flat however large the grid is, so
/// `kiln plan --count` and `--summary` handle 10⁶ runs.
package struct SweepExpansion: Sendable {
    /// The spec to expand.
    package var spec: SweepSpec
    /// The project whose files and prepared corpora the built-in runs' data are checked against;
    /// without it only corpus names are checked.
    package var project: ProjectFolder?

    /// An expansion of `spec`, checking data against `project` when given.
    package init(spec: SweepSpec, project: ProjectFolder? = nil) {
        self.spec = spec
        self.project = project
    }

    /// Calls `visit` with each run in plan order until it returns `false`; returns the plan's notes
    /// (those found before stopping). Stage by stage; within a stage, for each selected parent and
    /// branch step, the cartesian product of the axes (first axis slowest). Without `identified`,
    /// runs of stages no other stage branches off come with an empty `id` and `configHash`: what
    /// counting and summarising need, at half the cost.
    @discardableResult
    package func forEach(identified: Bool = true, _ visit: (PlannedRun) -> Bool) throws(SpecError) -> [String] {
        var notes: [String] = []
        var data = DataCheck(project: project)
        let parentStages = Set(spec.stages.compactMap(\.from?.stage))
        var kept: [PlannedEntry] = []
        for stage in spec.stages {
            let resolver = try RunResolver(stage: stage)
            notes += Placeholders.shellNotes(stage)
            if let rule = stage.population {
                notes.append(
                    "\(stage.name): a population of \(rule.size) members trains \(rule.generations) segments of "
                        + "\(rule.ready) steps; the plan lists the first segments, the scheduler registers the others as generations finish"
                )
            }
            var branches: [(PlannedEntry?, Int?)] = [(nil, nil)]
            if let from = stage.from {
                let parents = kept.filter { $0.run.stage == from.stage && Self.matches($0.run, from.filters) }
                guard !parents.isEmpty else {
                    throw SpecError(
                        .invalidValue(
                            key: "from", reason: "no run of stage '\(from.stage)' matches the 'where' filter"),
                        at: from.location)
                }
                branches = parents.flatMap { parent in from.steps.map { (parent, $0) } }
            }
            var seen: [UInt64: Int] = [:]  // config hash -> 1-based number of the run in the stage
            var count = 0
            for (parent, step) in branches {
                let finished = try Self.forEachCombination(stage.axes) { (combo) throws(SpecError) -> Bool in
                    guard let inputs = try resolver.parameters(combo, parent: parent, branchStep: step, notes: &notes)
                    else { return true }
                    var entry = try resolver.run(
                        inputs, swept: combo, parent: parent, branchStep: step,
                        identified: identified || parentStages.contains(stage.name))
                    if let rule = stage.population {
                        try stage.checkPopulationMember(entry.run, rule: rule)
                        entry.run.member = count
                        if identified { entry.run.id = RunIdentity.populationID(stage: stage.name, entry: entry.run) }
                    }
                    if case .builtin(let config) = entry.run.trainer {
                        try data.check(config, location: stage.location(of:), notes: &notes)
                    }
                    count += 1
                    if let twin = seen.updateValue(count, forKey: UInt64(entry.identityKey, radix: 16) ?? 0) {
                        let swept = entry.run.swept.map { "\($0.name)=\(RunIdentity.compact($0.value))" }.joined(
                            separator: " ")
                        throw SpecError(
                            .conflict(
                                "stage '\(stage.name)' expands to two runs with the same configuration "
                                    + "(runs \(twin) and \(count) of the stage; the second has \(swept))"),
                            at: stage.location)
                    }
                    if parentStages.contains(stage.name) { kept.append(entry) }
                    return visit(entry.run)
                }
                if !finished { return notes }
            }
            if count == 0 {
                throw SpecError(
                    .invalidValue(key: "stages", reason: "stage '\(stage.name)' has no runs"), at: stage.location)
            }
        }
        return notes
    }

    /// The number of runs, counting no further than `limit` (a spec with more runs gives `limit`).
    package func count(upTo limit: Int = .max) throws(SpecError) -> Int {
        var count = 0
        try forEach(identified: false) { _ in
            count += 1
            return count < limit
        }
        return count
    }

    /// Calls `body` with each row of the axes' cartesian product, the first axis varying slowest,
    /// without building the product; stops (returning `false`) when `body` does.
    static func forEachCombination(_ axes: [Axis], _ body: ([Assignment]) throws(SpecError) -> Bool) throws(SpecError)
        -> Bool
    {
        if axes.contains(where: \.rows.isEmpty) { return true }
        var digits = [Int](repeating: 0, count: axes.count)
        while true {
            var combo: [Assignment] = []
            for (axis, digit) in zip(axes, digits) { combo += axis.rows[digit] }
            guard try body(combo) else { return false }
            var position = axes.count - 1
            while position >= 0 {
                digits[position] += 1
                if digits[position] < axes[position].rows.count { break }
                digits[position] = 0
                position -= 1
            }
            if position < 0 { return true }
        }
    }

    /// Whether a run's parameters pass every `where` filter (numbers compare by value; dotted paths look inside mappings).
    static func matches(_ run: PlannedRun, _ filters: [(name: String, values: [ParamValue])]) -> Bool {
        filters.allSatisfy { filter in
            let path = filter.name.split(separator: ".")
            guard let head = path.first, let value = run.params[String(head)]?.value(at: path.dropFirst()) else {
                return false
            }
            return filter.values.contains { $0.matches(value) }
        }
    }
}
