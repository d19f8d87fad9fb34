extension SweepPlan {
    /// Expands `spec` into all of its runs (see `SweepExpansion` for the order), checking corpus names.
    package init(spec: SweepSpec) throws(SpecError) {
        try self.init(spec: spec, project: nil)
    }

    /// Expands `spec` into all of its runs; with `project`, data paths and prepared corpora are
    /// checked against that folder too.
    package init(spec: SweepSpec, project: ProjectFolder?) throws(SpecError) {
        var runs: [PlannedRun] = []
        let notes = try SweepExpansion(spec: spec, project: project).forEach { run in
            runs.append(run)
            return true
        }
        self.init(spec: spec, runs: runs, notes: notes)
    }

    /// A plan of `spec` holding `runs` and `notes` as expanded.
    init(spec: SweepSpec, runs: [PlannedRun], notes: [String]) {
        name = spec.name
        description = spec.description
        specText = spec.text
        specHash = RunIdentity.hash(spec.text)
        stages = spec.stages.map(\.name)
        self.runs = runs
        self.notes = notes
        populations = spec.stages.compactMap(\.population)
        earlyStop = spec.earlyStop
    }
}
