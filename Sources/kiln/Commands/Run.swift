import ArgumentParser
import Foundation
import KilnScheduler
import KilnSpec
import KilnStore

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Register a sweep and work its queue until every run has finished.",
        discussion: """
            Registers the sweep and its runs (again is harmless: an unchanged file adds nothing, an edited one adds only the runs whose configuration changed), then trains them with local workers, showing a line per active run and a bar for the sweep. Runs interrupted by a crash are taken back and resumed from their last checkpoint when the command is started again. Other machines can help with `kiln worker` against the same database. A sweep of more than \(PlanSummary.confirmationLimit) runs is registered only with --yes. Exits 0 only when every run of the sweep succeeded.

            Examples:
              kiln run sweeps/quickstart.yaml
              kiln run sweeps/scaling.yaml --workers 2
              kiln run sweeps/rewarm.yaml --detach && kiln worker --sweep rewarm
              kiln run big.yaml --yes          (a sweep of more than \(PlanSummary.confirmationLimit) runs)
              kiln run sweeps/scaling.yaml --slurm --workers 8 --partition gpu --gpus-per-worker 1
            """)

    @Argument(help: "The sweep spec (YAML).") var file: String
    @Option(help: "Local workers (default: cores / threads per run).") var workers: Int?
    @Flag(help: "Register the sweep and return without running it.") var detach = false
    @Flag(help: "Confirm a sweep of more than \(PlanSummary.confirmationLimit) runs.") var yes = false
    @Flag(
        help: "Register, then submit --workers workers as a Slurm job array instead of running here (docs/cluster.md).")
    var slurm = false
    @OptionGroup(title: "Slurm (with --slurm)") var slurmOptions: SlurmOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
    }

    func run() async throws {
        let plan: SweepPlan
        do {
            let spec = try SweepSpec(contentsOf: file)
            let expansion = SweepExpansion(
                spec: spec, project: ProjectFolder(path: FileManager.default.currentDirectoryPath))
            if !yes, try expansion.count(upTo: PlanSummary.confirmationLimit + 1) > PlanSummary.confirmationLimit {
                FileHandle.standardError.write(
                    Data(
                        """
                        sweep \(spec.name) has more than \(PlanSummary.confirmationLimit) runs; check it with 'kiln plan \(file) --summary', \
                        then confirm with 'kiln run \(file) --yes'

                        """.utf8))
                throw ExitCode(64)  // EX_USAGE
            }
            plan = try SweepPlan(spec: spec, project: expansion.project)
        } catch let error as SpecError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(65)  // EX_DATAERR
        }
        let database = try store.database()
        let connection = try database.connect()
        let path = URL(fileURLWithPath: file).standardizedFileURL.path
        let registration = try SweepRegistrar.register(plan, specPath: path, connection: connection)
        print("sweep \(plan.name): \(registration.planned) runs, \(registration.added) new")
        if let note = registration.staleNote { print(note) }
        fflush(nil)
        if slurm {
            let request = try slurmOptions.request(sweep: plan.name, workers: workers ?? 1, database: database)
            try slurmOptions.submit(request, sweepID: registration.sweepID, connection: connection)
            return
        }
        if detach { return }

        try WorkerPool.recoverDeadWorkers(connection: connection)
        let settings = SchedulerSettings(databaseURL: database.url)
        let threads = plan.runs.map(\.threads).max() ?? 1
        let count = workers ?? max(1, settings.cores / max(1, min(threads, settings.cores)))
        let board = ProgressBoard()
        let display = ProgressDisplay(settings: settings, sweepID: registration.sweepID, name: plan.name, board: board)
        display.start()
        let pool = WorkerPool(settings: settings, count: count, sweepID: registration.sweepID, board: board)
        let outcome = await pool.runUntilInterrupted()
        display.stop()
        if outcome.interrupted {
            print("interrupted: unfinished runs went back to the queue; run the same command to continue")
            throw ExitCode(130)
        }

        // The registration connection sat idle through the sweep: a server restart meanwhile ended its
        // session, so the outcome is read on a new one.
        let runs = try RunStore(connection: try database.connect()).runs(sweepID: registration.sweepID)
        let unsuccessful = runs.filter { $0.status != .succeeded }
        for run in unsuccessful {
            print("\(run.status.rawValue): \(run.name)" + (run.failure.map { ": \($0)" } ?? ""))
        }
        if !unsuccessful.isEmpty { throw ExitCode(1) }
    }
}
