import Foundation
import KilnLearningRate
import KilnProtocol

/// A planned run with what later stages need from it.
struct PlannedEntry {
    var run: PlannedRun
    /// Parameters before schedule/data/eval resolution: what a child stage inherits.
    var inputs: [String: ParamValue]
    var tag: String
    var schedule: ScheduleSpec?
    /// Checkpoint interval of a built-in run (0: only the final checkpoint); `nil` for external trainers.
    var checkpointEvery: Int?
    /// Equal for two runs of a stage exactly when their configurations are equal (the config hash,
    /// or a cheaper hash of the same configuration when the run was resolved without its identity).
    var identityKey: String
}

extension RunResolver {
    /// Resolves schedule, data, trainer, compute and identity of a run whose parameters are known.
    /// Without `identified`, the run's `id` and `configHash` are left empty (the costliest part of
    /// resolving, not needed to count or summarise a plan) and `identityKey` alone tells runs apart.
    func run(
        _ inputs: [String: ParamValue], swept: [Assignment], parent: PlannedEntry?, branchStep: Int?,
        identified: Bool = true
    ) throws(SpecError) -> PlannedEntry {
        var params = inputs
        let place = { (key: String) in self.stage.location(of: key) }
        if case .builtin = stage.trainer,
            !baseKeysKnown || swept.contains(where: { !knownParameters.contains(Self.root($0.name)) })
        {
            let own = Set(stage.base.keys).union(swept.map { String($0.name.split(separator: ".")[0]) })
            for key in own.sorted() where !knownParameters.contains(key) {
                throw SpecError(
                    .unknownParameter(key, suggestion: Suggestion.nearest(to: key, in: knownParameters)), at: place(key)
                )
            }
        }
        let branch = parent.map { _ in branchStep ?? parent!.run.steps }
        let steps = params["steps"] == nil ? nil : try integer("steps", params)
        if let steps, steps < 1 {
            throw SpecError(.invalidValue(key: "steps", reason: "must be positive, found \(steps)"), at: place("steps"))
        }

        var schedule: ScheduleSpec?
        var written = WrittenJSON()
        if let raw = params["schedule"] {
            guard let steps else { throw SpecError(.missingKey("steps"), at: place("schedule")) }
            let finalLR = parent.flatMap { p in p.schedule.map { $0.learningRate(at: max(0, branch! - 1)) } }
            let resolver = ScheduleResolver(
                values: numbers(params), learningRate: params["lr"], steps: steps, parentFinalLR: finalLR,
                location: place)
            schedule = try resolver.resolve(raw)
            let converted = try memo.paramValue(schedule!, at: place("schedule"))
            params["schedule"] = converted.value
            written.schedule = converted.json
        }
        let data = try params["data"].map { (raw) throws(SpecError) in try DataResolver.mixture(raw, at: place("data"))
        }
        if let data {
            let converted = try memo.paramValue(data, at: place("data"))
            params["data"] = converted.value
            written.data = converted.json
        }
        let eval =
            try params["eval"].map { (raw) throws(SpecError) in try DataResolver.evalSets(raw, at: place("eval")) }
            ?? []
        if params["eval"] != nil {
            let converted = try memo.paramValue(eval, at: place("eval"))
            params["eval"] = converted.value
            written.eval = converted.json
        }

        let trainer: Trainer
        var checkpointEvery: Int?
        switch stage.trainer {
        case .builtin:
            guard let steps else { throw SpecError(.missingKey("steps"), at: stage.location) }
            guard let schedule else { throw SpecError(.missingKey("schedule"), at: stage.location) }
            guard let data else { throw SpecError(.missingKey("data"), at: stage.location) }
            let config = try TrainingConfig(
                params: params, steps: steps, schedule: schedule, data: data, eval: eval, location: place)
            checkpointEvery = config.checkpointEvery
            trainer = .builtin(config)
        case .command(let argv):
            trainer = .command(
                try argv.enumerated().map { (index, argument) throws(SpecError) in
                    try Placeholders.substitute(
                        argument, params, at: self.stage.location(of: "trainer.command[\(index)]"))
                })
        }

        var link: ParentLink?
        if let parent, let from = stage.from, let branch {
            link = ParentLink(
                runID: parent.run.id, step: branchStep, optimizer: from.optimizer, keepStep: from.keepStep)
            try checkBranch(
                parent: parent, from: from, branch: branch, branchStep: branchStep, steps: steps, schedule: schedule)
        }

        let totalSteps = steps ?? 0
        var compute = Compute(parameters: 0, computeParameters: 0, tokens: 0, flops: 0)
        if let shape = try shapeIfPresent(params), let batch = params["batch"]?.integer {
            let trained = totalSteps - (link?.keepStep == true ? branch! : 0)
            let tokens = try product(
                [max(0, trained), batch, params["accumulation"]?.integer ?? 1, shape.context], of: "steps")
            compute = Compute(
                parameters: shape.parameters, computeParameters: shape.computeParameters,
                tokens: tokens, flops: shape.trainingFLOPs(tokens: tokens))
        }

        let swept = swept + (branchStep.map { [Assignment(name: "branch_step", value: .int($0))] } ?? [])
        var tag = "", id = "", hash = ""
        if identified {
            let ownTag = RunIdentity.tag(swept.map { ($0.name == "branch_step" ? "at" : $0.name, $0.value) })
            tag = [parent?.tag, ownTag].compactMap { $0 }.filter { !$0.isEmpty && $0 != "run" }.joined(separator: "_")
            hash = RunIdentity.hash(canonical(params: params, written: written, trainer: trainer, link: link))
            id = RunIdentity.id(stage: stage.name, tag: String(tag.suffix(48)), configHash: hash)
        }
        let run = PlannedRun(
            id: id, configHash: hash,
            stage: stage.name, params: params, swept: swept, trainer: trainer, parent: link, compute: compute,
            steps: totalSteps, threads: params["threads"]?.integer ?? 1, timeoutSeconds: stage.timeoutSeconds,
            maxAttempts: stage.maxAttempts)
        let identityKey =
            identified ? hash : RunIdentity.hash(canonical(params: params, written: written, trainer: nil, link: link))
        return PlannedEntry(
            run: run, inputs: inputs, tag: tag, schedule: schedule, checkpointEvery: checkpointEvery,
            identityKey: identityKey)
    }

    /// A branch must start from a checkpoint its parent writes; a branch that keeps the step counter
    /// must run past the branch point and follow its parent's schedule up to it.
    private func checkBranch(
        parent: PlannedEntry, from: ParentSelector, branch: Int, branchStep: Int?, steps: Int?, schedule: ScheduleSpec?
    ) throws(SpecError) {
        if let branchStep {
            guard branchStep <= parent.run.steps else {
                throw SpecError(
                    .invalidValue(
                        key: "from.step",
                        reason: "step \(branchStep) is past the end of \(parent.run.id) (\(parent.run.steps) steps)"),
                    at: from.stepsLocation)
            }
            if let every = parent.checkpointEvery, branchStep != parent.run.steps, every == 0 || branchStep % every != 0
            {
                let cadence = every == 0 ? "a checkpoint only at the end" : "checkpoints every \(every) steps"
                throw SpecError(
                    .invalidValue(
                        key: "from.step",
                        reason: "\(parent.run.id) writes \(cadence); step \(branchStep) is not one of them"),
                    at: from.stepsLocation)
            }
        }
        guard from.keepStep, let steps else { return }
        guard steps > branch else {
            throw SpecError(
                .invalidValue(
                    key: "steps",
                    reason:
                        "a branch that keeps its parent's step counter must run past step \(branch), found steps = \(steps)"
                ), at: stage.location(of: "steps"))
        }
        guard let schedule, let parentSchedule = parent.schedule else { return }
        for step in 0..<branch {
            let a = schedule.learningRate(at: step), b = parentSchedule.learningRate(at: step)
            if abs(a - b) > 1e-9 * max(abs(a), abs(b)) {
                throw SpecError(
                    .conflict(
                        "the schedule of a branch with keep_step must match its parent's before step \(branch); at step \(step) it is \(a), the parent's is \(b)"
                    ), at: stage.location(of: "schedule"))
            }
        }
    }

    /// The text whose hash identifies a run: stage, parameters, trainer and parent, keys sorted. Within
    /// a stage the trainer follows from the parameters, so the text without it (`trainer: nil`) tells
    /// the same runs apart.
    private func canonical(params: [String: ParamValue], written: WrittenJSON, trainer: Trainer?, link: ParentLink?)
        -> String
    {
        let trainerJSON = trainer.map(memo.sortedJSON) ?? "-"
        let parent =
            link.map {
                "\($0.runID)@\($0.step.map(String.init) ?? "final") optimizer=\($0.optimizer) keep_step=\($0.keepStep)"
            } ?? "none"
        let json = ParamValue.objectJSON(params) { key in
            switch key {
            case "schedule": written.schedule
            case "data": written.data
            case "eval": written.eval
            default: nil
            }
        }
        return "stage=\(stage.name)\nparams=\(json)\ntrainer=\(trainerJSON)\nparent=\(parent)"
    }
}

/// The JSON of a run's resolved `schedule`, `data` and `eval`, as remembered with their conversions.
struct WrittenJSON {
    var schedule: String?
    var data: String?
    var eval: String?
}
