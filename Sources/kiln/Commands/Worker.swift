import ArgumentParser
import Foundation
import KilnScheduler
import KilnStore

struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Work the run queue of a shared database as a standalone worker.",
        discussion: """
            The worker loop of `kiln run` on its own: claims runnable runs (of one sweep, or of every sweep), trains them, records the results, and waits for more. Point several machines at one PostgreSQL server (KILN_DATABASE_URL or --database-url) and they share the work with no other coordinator. With --sweep it exits when that sweep has finished; otherwise it runs until --max-runs attempts or until stopped.

            Examples:
              KILN_DATABASE_URL=postgresql://kiln@db-host/kiln kiln worker
              kiln worker --sweep scaling --workers 2
              kiln worker --max-runs 1
              kiln worker --gpus 0,1 --workers 2     (each trainer gets its own GPUs in CUDA_VISIBLE_DEVICES)
            """)

    @Option(help: "Work only this sweep, and exit once it has finished.") var sweep: String?
    @Option(help: "Stop after this many attempts (per local worker).") var maxRuns: Int?
    @Option(help: "Local workers sharing this machine's cores.") var workers = 1
    @Option(
        help: ArgumentHelp(
            "GPUs the workers share, as CUDA_VISIBLE_DEVICES names them (default: $CUDA_VISIBLE_DEVICES, else $SLURM_JOB_GPUS).",
            valueName: "0,1,…"))
    var gpus: String?
    @Option(
        help: ArgumentHelp(
            "Put run folders (config, log, checkpoints) here, on a filesystem every node mounts (default: $KILN_RUN_ROOT, else .kiln/runs).",
            valueName: "dir"))
    var runRoot: String?
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if workers < 1 { throw ValidationError("--workers must be at least 1") }
        if let maxRuns, maxRuns < 1 { throw ValidationError("--max-runs must be at least 1") }
    }

    func run() async throws {
        let database = try store.database()
        let connection = try database.connect()
        var sweepID: Int64?
        if let sweep {
            guard let record = try SweepStore(connection: connection).sweep(named: sweep) else {
                throw SchedulerError.noSuchSweep(sweep)
            }
            sweepID = record.id
        }
        try WorkerPool.recoverDeadWorkers(connection: connection)
        var settings = SchedulerSettings(databaseURL: database.url)
        if let runRoot { settings.runRoot = URL(fileURLWithPath: runRoot).standardizedFileURL.path }
        if let gpus { settings.gpus = GPUSet.discover(explicit: gpus.split(separator: ",").map(String.init)) }
        let pool = WorkerPool(settings: settings, count: workers, sweepID: sweepID, maxRuns: maxRuns)
        let outcome = await pool.runUntilInterrupted()
        print(
            "worker: \(outcome.attempts) attempt\(outcome.attempts == 1 ? "" : "s")"
                + (outcome.interrupted ? ", interrupted" : ""))
        if outcome.interrupted { throw ExitCode(130) }
        if pool.workers.contains(where: { $0.fault != nil }) { throw ExitCode(1) }  // each said why on stderr
    }
}
