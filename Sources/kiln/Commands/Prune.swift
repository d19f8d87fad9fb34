import ArgumentParser
import Foundation
import KilnScheduler
import KilnStore

struct Prune: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune", abstract: "Delete the runs of a sweep that its current spec no longer produces.",
        discussion: """
            An edited spec registers new runs and leaves those of the earlier version in the sweep (with their results). `kiln prune SWEEP` lists them; with --yes it deletes them as `kiln delete` does (metrics, checkpoints, attempts, and their folders in ./.kiln/runs). Running runs are refused: cancel them first.

            Examples:
              kiln prune lr-schedules
              kiln prune lr-schedules --yes
            """)

    @Argument(help: "The sweep.") var sweep: String
    @Flag(help: "Delete; without it, only list the runs.") var yes = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let database = try store.database()
        let connection = try database.connect()
        guard let record = try SweepStore(connection: connection).sweep(named: sweep) else {
            throw SchedulerError.noSuchSweep(sweep)
        }
        let runs = RunStore(connection: connection)
        let stale = try runs.staleRuns(sweepID: record.id)
        guard !stale.isEmpty else {
            print("sweep \(record.name) has no runs of an earlier version of its spec")
            return
        }
        let what = "\(stale.count) run\(stale.count == 1 ? "" : "s") of an earlier version of sweep \(record.name)"
        guard yes else {
            for run in stale { print("would delete: \(run.name) (\(run.status.rawValue))") }
            FileHandle.standardError.write(Data("kiln: nothing deleted; to delete \(what), add --yes\n".utf8))
            throw ExitCode(1)
        }
        let deleted = try runs.delete(runIDs: stale.map(\.id))
        let removal = RunFolders.remove(
            deleted, runsDirectory: SchedulerSettings(databaseURL: database.url).runsDirectory)
        for folder in removal.left { print("left: \(folder)") }
        print("deleted \(what) (\(removal.removed.count) run folder\(removal.removed.count == 1 ? "" : "s") removed)")
    }
}
