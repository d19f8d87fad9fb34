import ArgumentParser
import KilnScheduler
import KilnStore

struct SlurmSubmit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit", abstract: "Submit a job array of workers for a registered sweep.",
        discussion: """
            Writes an sbatch script (a job array of 'kiln worker --sweep SWEEP') into .kiln/slurm/, submits it with sbatch \
            and records the job id with the sweep: 'kiln status' shows its tasks, 'kiln cancel SWEEP' cancels them. The \
            script asks for SIGTERM two minutes before the time limit and is requeueable: a worker that gets SIGTERM \
            (scancel, preemption, time limit) has its trainers checkpoint and gives their runs back, and they resume \
            elsewhere from that checkpoint.

            Examples:
              kiln slurm submit scaling --workers 8 --partition gpu --time 4:00:00 --gpus-per-worker 1
              kiln slurm submit scaling --workers 2 --sbatch-arg=--constraint=a100 --dry-run
            """)

    @Argument(help: "A registered sweep (kiln run FILE --detach).") var sweep: String
    @Option(help: "Workers: the job array's size.") var workers = 1
    @OptionGroup var slurm: SlurmOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if workers < 1 { throw ValidationError("--workers must be at least 1") }
    }

    func run() async throws {
        let database = try store.database()
        let connection = try database.connect()
        guard let record = try SweepStore(connection: connection).sweep(named: sweep) else {
            throw SchedulerError.noSuchSweep(sweep)
        }
        try slurm.submit(
            try slurm.request(sweep: sweep, workers: workers, database: database), sweepID: record.id,
            connection: connection)
    }
}
