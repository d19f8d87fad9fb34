import ArgumentParser
import Foundation
import KilnScheduler
import KilnStore

struct Delete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a sweep or a run with its metrics and files.",
        discussion: """
            Deletes a sweep (or one run) from the database with its metrics, checkpoints and attempts, and removes the run folders in ./.kiln/runs; folders elsewhere (runs trained from another folder or machine) are listed, never touched. Deleting a run also deletes the runs branched from it, which were trained from its checkpoints. Running runs are refused: cancel them first. Without --yes, lists what would be deleted and exits 1.

            Examples:
              kiln delete old-sweep --yes
              kiln delete main-lr0.01-cosine-7917ee3b04 --yes
            """)

    @Argument(help: "A sweep name, or a run's name or numeric id.") var target: String
    @Flag(help: "Delete; without it, only list what would be deleted.") var yes = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let database = try store.database()
        let connection = try database.connect()
        let runs = RunStore(connection: connection)
        let sweeps = SweepStore(connection: connection)
        let sweep = try sweeps.sweep(named: target)
        let selected =
            try sweep.map { try runs.runs(sweepID: $0.id) } ?? runs.withDescendants([try runs.resolve(target).id])
        let what =
            sweep.map { "sweep \($0.name) and its \(selected.count) run\(selected.count == 1 ? "" : "s")" }
            ?? "\(selected.count) run\(selected.count == 1 ? "" : "s")"
        guard yes else {
            for run in selected { print("would delete: \(run.name) (\(run.status.rawValue))") }
            FileHandle.standardError.write(Data("kiln: nothing deleted; to delete \(what), add --yes\n".utf8))
            throw ExitCode(1)
        }
        let deleted = try runs.delete(runIDs: selected.map(\.id))
        if let sweep { try sweeps.delete(id: sweep.id) }
        let removal = RunFolders.remove(
            deleted, runsDirectory: SchedulerSettings(databaseURL: database.url).runsDirectory)
        for folder in removal.left { print("left: \(folder)") }
        print("deleted \(what) (\(removal.removed.count) run folder\(removal.removed.count == 1 ? "" : "s") removed)")
    }
}
