import ArgumentParser
import Foundation
import KilnScheduler
import KilnStore

struct Retry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry", abstract: "Put failed, cancelled or pruned runs back in the queue.",
        discussion: """
            Re-queues the failed and cancelled runs of a sweep (with --pruned, the runs its early_stop rule pruned; named by name or id, any such run), with the runs branched from them that were cancelled because they failed. Each gets its spec's max_attempts afresh (attempt numbers go on: a run that used attempts 1-3 gets 4-6) and resumes from its latest checkpoint (a pruned run continues to its end and is not checked again). Work them with `kiln worker --sweep SWEEP` or `kiln run` with the spec.

            Examples:
              kiln retry quickstart
              kiln retry scaling --failed
              kiln retry lr-schedules --pruned
              kiln retry main-lr0.01-cosine-7917ee3b04
            """)

    @Argument(help: "A sweep name, or a run's name or numeric id.") var target: String
    @Flag(help: "Only failed runs (default: failed and cancelled).") var failed = false
    @Flag(help: "Only cancelled runs (default: failed and cancelled).") var cancelled = false
    @Flag(help: "Runs the sweep's early_stop rule pruned (not retried by default; a run named is).") var pruned = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let connection = try store.connect()
        let runs = RunStore(connection: connection)
        let sweeps = SweepStore(connection: connection)
        let chosen = [failed ? RunStatus.failed : nil, cancelled ? .cancelled : nil, pruned ? .pruned : nil]
            .compactMap { $0 }
        var statuses: Set<RunStatus> = chosen.isEmpty ? [.failed, .cancelled] : Set(chosen)
        let requeued: [RunRecord]
        let sweepName: String
        if let sweep = try sweeps.sweep(named: target) {
            requeued = try runs.retry(sweepID: sweep.id, statuses: statuses)
            sweepName = sweep.name
        } else {
            let run = try runs.resolve(target)
            if chosen.isEmpty { statuses.insert(.pruned) }
            guard statuses.contains(run.status) else {
                let kinds = statuses.map(\.rawValue).sorted().joined(separator: " or ")
                print("run \(run.name) is \(run.status.rawValue); only \(kinds) runs are retried")
                return
            }
            requeued = try runs.retry(sweepID: run.sweepID, runID: run.id, statuses: statuses)
            sweepName = try sweeps.all().first { $0.id == run.sweepID }?.name ?? String(run.sweepID)
        }
        guard !requeued.isEmpty else {
            print(
                "sweep \(sweepName) has no \(statuses.map(\.rawValue).sorted().joined(separator: " or ")) runs to retry"
            )
            return
        }
        for run in requeued {
            let next = run.attempt + 1
            let attempts = next == run.maxAttempts ? "attempt \(next)" : "attempts \(next)-\(run.maxAttempts)"
            print("pending: \(run.name) (\(attempts))")
        }
        print(
            "re-queued \(requeued.count) run\(requeued.count == 1 ? "" : "s") of sweep \(sweepName); "
                + "work them with: kiln worker --sweep \(sweepName)")
    }
}
