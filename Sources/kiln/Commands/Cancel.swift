import ArgumentParser
import Foundation
import KilnScheduler
import KilnStore

struct Cancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel", abstract: "Cancel a sweep or a run.",
        discussion: """
            Pending runs become cancelled at once; a sweep's Slurm jobs are cancelled (scancel). A running run is flagged: its worker sends SIGTERM to the trainer's process group at the next heartbeat, SIGKILL after a grace period (KILN_KILL_GRACE_SECONDS, default 5), and marks it cancelled.

            Examples:
              kiln cancel quickstart
              kiln cancel main-lr0.01-cosine-7917ee3b04
              kiln cancel 42
            """)

    @Argument(help: "A sweep name, or a run's name or numeric id.") var target: String
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let connection = try store.connect()
        let runs = RunStore(connection: connection)
        if let sweep = try SweepStore(connection: connection).sweep(named: target) {
            let (count, jobs) = try SweepCancellation.cancel(sweepID: sweep.id, connection: connection)
            print("cancelling \(count) run\(count == 1 ? "" : "s") of sweep \(sweep.name)")
            if !jobs.isEmpty {
                print("cancelled Slurm job\(jobs.count == 1 ? "" : "s") \(jobs.joined(separator: ", "))")
            }
            return
        }
        let run = try runs.resolve(target)
        guard !run.status.isFinished else {
            print("run \(run.name) already \(run.status.rawValue)")
            return
        }
        try runs.cancel(sweepID: run.sweepID, runID: run.id)
        print("cancelling run \(run.name)")
    }
}
