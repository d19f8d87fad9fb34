import Foundation
import KilnPostgres
import KilnProtocol
import KilnSpec
import KilnStore

/// Registers a plan's sweep and runs, idempotently: the same plan twice adds nothing; an edited
/// plan adds only the runs whose resolved configuration changed (their ids change with it).
package enum SweepRegistrar {
    /// The outcome of a registration.
    package struct Registration: Sendable {
        /// The sweep's id.
        package var sweepID: Int64
        /// Runs added now.
        package var added: Int
        /// Runs in the plan.
        package var planned: Int
        /// Runs of the sweep that an earlier version of the spec produced and this one does not.
        package var stale: Int
        /// The sweep's name.
        package var name: String

        /// What `kiln run` says about runs of an earlier version of the spec, nil when there are none.
        package var staleNote: String? {
            guard stale > 0 else { return nil }
            let runs = stale == 1 ? "1 run" : "\(stale) runs"
            return "note: \(runs) of an earlier version of this spec remain in sweep \(name) and are worked too; "
                + "list them with: kiln prune \(name), remove them with: kiln prune \(name) --yes"
        }
    }

    /// Stores the sweep and its runs, each with its trainer in the INSERT that registers it.
    package static func register(_ plan: SweepPlan, specPath: String?, connection: Connection) throws -> Registration {
        let sweeps = SweepStore(connection: connection)
        let sweepID = try sweeps.upsert(
            name: plan.name, description: plan.description, specText: plan.specText,
            specHash: plan.specHash, specPath: specPath)
        try EarlyStopStore(connection: connection).setSettings(plan.earlyStop, sweepID: sweepID)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let runs = try plan.runs.map { try newRun($0, encoder: encoder) }
        let added = try sweeps.register(runs, sweepID: sweepID, specHash: plan.specHash)
        if !plan.populations.isEmpty {
            try PopulationStore(connection: connection).register(
                plan.populations, sweepID: sweepID,
                members: Dictionary(
                    uniqueKeysWithValues: plan.runs.compactMap { run in
                        run.member.map { (run.id, (stage: run.stage, member: $0)) }
                    }))
        }
        let stale = try RunStore(connection: connection).staleRuns(sweepID: sweepID).count
        return Registration(sweepID: sweepID, added: added, planned: plan.runs.count, stale: stale, name: plan.name)
    }

    static func newRun(_ run: PlannedRun, encoder: JSONEncoder) throws -> NewRun {
        var new = NewRun(
            name: run.id, stage: run.stage, params: String(decoding: try encoder.encode(run.params), as: UTF8.self),
            configHash: run.configHash)
        new.parentName = run.parent?.runID
        new.parentStep = run.parent?.step
        new.threads = run.threads
        new.timeoutSeconds = run.timeoutSeconds
        new.maxAttempts = run.maxAttempts
        new.totalSteps = run.steps > 0 ? run.steps : nil
        new.paramsCount = run.compute.parameters
        new.tokens = run.compute.tokens
        new.flops = run.compute.flops
        new.trainer = String(decoding: try encoder.encode(run.trainer), as: UTF8.self)
        new.parentOptimizer = run.parent?.optimizer ?? false
        new.parentKeepStep = run.parent?.keepStep ?? false
        return new
    }
}
