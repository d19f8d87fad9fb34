import ArgumentParser
import Foundation
import KilnPostgres
import KilnScheduler
import KilnStore

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the progress of sweeps.",
        discussion: """
            For each sweep (or the one named): runs pending, running, succeeded, failed and cancelled, every running run with its worker, step and loss, the sweep's Slurm jobs with their tasks' states (squeue, sacct), and pending runs that ask for more GPUs than any live worker has. --watch redraws every 2 seconds until interrupted.

            Examples:
              kiln status
              kiln status quickstart --watch
              kiln status --json
            """)

    @Argument(help: "The sweep (default: every sweep).") var sweep: String?
    @Flag(help: "Redraw every 2 seconds.") var watch = false
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let connection = try store.connect()
        repeat {
            let text = try report(connection)
            print((watch ? "\u{1B}[H\u{1B}[2J" : "") + text, terminator: "")
            if watch { try await Task.sleep(for: .seconds(2)) }
        } while watch
    }

    private func report(_ connection: Connection) throws -> String {
        let sweeps = SweepStore(connection: connection)
        let selected =
            try sweep.map { name in
                guard let record = try sweeps.sweep(named: name) else { throw SchedulerError.noSuchSweep(name) }
                return [record]
            } ?? sweeps.all()
        let runs = RunStore(connection: connection)
        let entries = try selected.map {
            RunTable.SweepEntry(
                name: $0.name, progress: try runs.progress(sweepID: $0.id),
                running: try runs.running(sweepID: $0.id).map { RunTable.Entry($0) })
        }
        if json { return try RunTable.json(entries) }
        if entries.isEmpty { return "no sweeps yet: register one with 'kiln run FILE'\n" }
        let jobs = SlurmJobStore(connection: connection)
        return try zip(selected, entries).map { sweep, entry in
            let slurm = Slurm.statusLines(jobs: try jobs.jobs(sweepID: sweep.id))
            let waiting = try WorkerStore(connection: connection).gpuShortages(sweepID: sweep.id, liveSeconds: 30).map {
                "  waiting: \($0.run) needs \($0.needed) GPU\($0.needed == 1 ? "" : "s"); no live worker has more than \($0.available)"
            }
            return entry.text + (slurm + waiting).map { $0 + "\n" }.joined()
        }.joined()
    }
}
