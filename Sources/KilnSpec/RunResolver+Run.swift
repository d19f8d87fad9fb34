import Foundation
import KilnProtocol
import KilnSchedules

/// A planned run with what later stages need from it.
struct PlannedEntry {
    var run: PlannedRun
    /// Parameters before schedule/data/eval resolution: what a child stage inherits.
    var inputs: [String: ParamValue]
    var tag: String
    var schedule: ScheduleSpec?
    /// Checkpoint interval of a built-in run (0: only the final checkpoint); `nil` for external trainers.
    var checkpointEvery: Int?
}

extension RunResolver {
    /// Resolves schedule, data, trainer, compute and identity of a run whose parameters are known.
    func run(_ inputs: [String: ParamValue], swept: [Assignment], parent: PlannedEntry?, branchStep: Int?) throws(SpecError) -> PlannedEntry {
        var params = inputs
        let place = { (key: String) in stage.location(of: key) }
        if case .builtin = stage.trainer {
            let own = Set(stage.base.keys).union(swept.map { String($0.name.split(separator: ".")[0]) })
            for key in own.sorted() where !knownParameters.contains(key) {
                throw SpecError(.unknownParameter(key, suggestion: Suggestion.nearest(to: key, in: knownParameters)), at: place(key))
            }
        }
        let branch = parent.map { _ in branchStep ?? parent!.run.steps }
        let steps = params["steps"] == nil ? nil : try integer("steps", params)
        if let steps, steps < 1 { throw SpecError(.invalidValue(key: "steps", reason: "must be positive, found \(steps)"), at: place("steps")) }

        var schedule: ScheduleSpec?
        if let raw = params["schedule"] {
            guard let steps else { throw SpecError(.missingKey("steps"), at: place("schedule")) }
            let finalLR = parent.flatMap { p in p.schedule.map { $0.learningRate(at: max(0, branch! - 1)) } }
            let resolver = ScheduleResolver(values: numbers(params), steps: steps, parentFinalLR: finalLR, location: place)
            schedule = try resolver.resolve(raw)
            params["schedule"] = try Self.paramValue(schedule!)
        }
        let data = try params["data"].map { (raw) throws(SpecError) in try DataResolver.mixture(raw, at: place("data")) }
        if let data { params["data"] = try Self.paramValue(data) }
        let eval = try params["eval"].map { (raw) throws(SpecError) in try DataResolver.evalSets(raw, at: place("eval")) } ?? []
        if params["eval"] != nil { params["eval"] = try Self.paramValue(eval) }

        let trainer: Trainer
        var checkpointEvery: Int?
        switch stage.trainer {
        case .builtin:
            guard let steps else { throw SpecError(.missingKey("steps"), at: stage.location) }
            guard let schedule else { throw SpecError(.missingKey("schedule"), at: stage.location) }
            guard let data else { throw SpecError(.missingKey("data"), at: stage.location) }
            let config = try TrainingConfig(params: params, steps: steps, schedule: schedule, data: data, eval: eval, location: place)
            checkpointEvery = config.checkpointEvery
            trainer = .builtin(config)
        case .command(let argv):
            trainer = .command(try argv.map { (argument) throws(SpecError) in try substitute(argument, params) })
        }

        var link: ParentLink?
        if let parent, let from = stage.from, let branch {
            link = ParentLink(runID: parent.run.id, step: branchStep, optimizer: from.optimizer, keepStep: from.keepStep)
            try checkBranch(parent: parent, from: from, branch: branch, branchStep: branchStep, steps: steps, schedule: schedule)
        }

        let totalSteps = steps ?? 0
        var compute = Compute(parameters: 0, computeParameters: 0, tokens: 0, flops: 0)
        if let shape = try shapeIfPresent(params), let batch = params["batch"]?.integer {
            let trained = totalSteps - (link?.keepStep == true ? branch! : 0)
            let tokens = max(0, trained) * batch * (params["accumulation"]?.integer ?? 1) * shape.context
            compute = Compute(parameters: shape.parameters, computeParameters: shape.computeParameters,
                              tokens: tokens, flops: shape.trainingFLOPs(tokens: tokens))
        }

        let swept = swept + (branchStep.map { [Assignment(name: "branch_step", value: .int($0))] } ?? [])
        let ownTag = RunIdentity.tag(swept.map { ($0.name == "branch_step" ? "at" : $0.name, $0.value) })
        let tag = [parent?.tag, ownTag].compactMap { $0 }.filter { !$0.isEmpty && $0 != "run" }.joined(separator: "_")
        let hash = RunIdentity.hash(try canonical(params: params, trainer: trainer, link: link))
        let run = PlannedRun(
            id: RunIdentity.id(stage: stage.name, tag: String(tag.suffix(48)), configHash: hash), configHash: hash,
            stage: stage.name, params: params, swept: swept, trainer: trainer, parent: link, compute: compute,
            steps: totalSteps, threads: params["threads"]?.integer ?? 1, timeoutSeconds: stage.timeoutSeconds,
            maxAttempts: stage.maxAttempts)
        return PlannedEntry(run: run, inputs: inputs, tag: tag, schedule: schedule, checkpointEvery: checkpointEvery)
    }

    /// A branch must start from a checkpoint its parent writes; a branch that keeps the step counter
    /// must run past the branch point and follow its parent's schedule up to it.
    private func checkBranch(parent: PlannedEntry, from: ParentSelector, branch: Int, branchStep: Int?, steps: Int?, schedule: ScheduleSpec?) throws(SpecError) {
        if let branchStep {
            guard branchStep <= parent.run.steps else {
                throw SpecError(.invalidValue(key: "from.step", reason: "step \(branchStep) is past the end of \(parent.run.id) (\(parent.run.steps) steps)"), at: from.stepsLocation)
            }
            if let every = parent.checkpointEvery, branchStep != parent.run.steps, every == 0 || branchStep % every != 0 {
                let cadence = every == 0 ? "a checkpoint only at the end" : "checkpoints every \(every) steps"
                throw SpecError(.invalidValue(key: "from.step", reason: "\(parent.run.id) writes \(cadence); step \(branchStep) is not one of them"),
                                at: from.stepsLocation)
            }
        }
        guard from.keepStep, let steps else { return }
        guard steps > branch else {
            throw SpecError(.invalidValue(key: "steps", reason: "a branch that keeps its parent's step counter must run past step \(branch), found steps = \(steps)"), at: stage.location(of: "steps"))
        }
        guard let schedule, let parentSchedule = parent.schedule else { return }
        for step in 0..<branch {
            let a = schedule.learningRate(at: step), b = parentSchedule.learningRate(at: step)
            if abs(a - b) > 1e-9 * max(abs(a), abs(b)) {
                throw SpecError(.conflict("the schedule of a branch with keep_step must match its parent's before step \(branch); at step \(step) it is \(a), the parent's is \(b)"), at: stage.location(of: "schedule"))
            }
        }
    }

    /// `{name}` and `{a.b}` placeholders replaced by the parameter's value.
    private func substitute(_ argument: String, _ params: [String: ParamValue]) throws(SpecError) -> String {
        var out = "", rest = Substring(argument)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let name = rest[rest.index(after: open)..<close]
            let path = name.split(separator: ".")
            guard let head = path.first, let value = params[String(head)]?.value(at: path.dropFirst()) else {
                throw SpecError(.unknownName(String(name), suggestion: Suggestion.nearest(to: String(name), in: params.keys)),
                                at: stage.location(of: "trainer"))
            }
            out += value.description
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// The text whose hash identifies a run: stage, parameters, trainer and parent, keys sorted.
    private func canonical(params: [String: ParamValue], trainer: Trainer, link: ParentLink?) throws(SpecError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let trainerJSON = (try? encoder.encode(trainer)).flatMap { String(data: $0, encoding: .utf8) } ?? ""
        let parent = link.map { "\($0.runID)@\($0.step.map(String.init) ?? "final") optimizer=\($0.optimizer) keep_step=\($0.keepStep)" } ?? "none"
        return "stage=\(stage.name)\nparams=\(ParamValue.object(params).json)\ntrainer=\(trainerJSON)\nparent=\(parent)"
    }

    /// Any encodable value as a `ParamValue` (through JSON).
    static func paramValue(_ value: some Encodable) throws(SpecError) -> ParamValue {
        do {
            let data = try JSONEncoder().encode(value)
            return try JSONDecoder().decode(ParamValue.self, from: data)
        } catch {
            throw SpecError(.conflict("internal: cannot encode \(value): \(error)"), at: SourceLocation(file: "", line: 1, column: 1))
        }
    }
}
