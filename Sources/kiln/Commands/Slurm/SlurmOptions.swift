import ArgumentParser
import Foundation
import KilnPostgres
import KilnScheduler
import KilnStore

/// The sbatch options of `kiln slurm submit` and `kiln run --slurm`.
struct SlurmOptions: ParsableArguments {
    @Option(help: "Slurm partition.") var partition: String?
    @Option(help: "Time limit per worker, as sbatch takes it (e.g. 2:00:00).") var time: String?
    @Option(help: "CPUs per worker (sbatch --cpus-per-task).") var cpusPerWorker: Int?
    @Option(help: "GPUs per worker (sbatch --gres=gpu:N).") var gpusPerWorker = 0
    @Option(help: "Slurm account.") var account: String?
    @Option(help: "Quality of service.") var qos: String?
    @Option(help: "Memory per worker, as sbatch takes it (e.g. 16G).") var mem: String?
    @Option(
        help: ArgumentHelp("Another sbatch option, as one argument (repeat for more).", valueName: "--option=value"))
    var sbatchArg: [String] = []
    @Option(help: "The warning signal before the time limit (sbatch --signal).") var signal = "B:TERM@120"
    @Flag(inversion: .prefixedNo, help: "Let Slurm requeue the job after a preemption.") var requeue = true
    @Flag(help: "Print the sbatch script instead of submitting it.") var dryRun = false

    /// Refuses values sbatch would misread (a line break, an --sbatch-arg that is not an option).
    func validate() throws {
        var request = SlurmJobRequest(sweep: "", kiln: "", projectDirectory: "")
        apply(to: &request)
        let problems = request.problems
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "; ")) }
    }

    /// The request for `workers` workers of `sweep`, whose workers reach the store of `database`.
    func request(sweep: String, workers: Int, database: Database) throws -> SlurmJobRequest {
        var request = SlurmJobRequest(
            sweep: sweep, kiln: KilnExecutable.path, projectDirectory: FileManager.default.currentDirectoryPath)
        request.workers = workers
        apply(to: &request)
        let shareURL = try database.cluster?.shareURL
        request.environment["KILN_DATABASE_URL"] = shareURL ?? database.url
        if shareURL == nil && database.cluster != nil {
            FileHandle.standardError.write(
                Data(
                    """
                    kiln: note: the database listens on this machine's unix socket only, so only workers on this machine \
                    reach it; for other nodes run 'kiln db serve --listen ADDRESS' first (docs/cluster.md)

                    """.utf8))
        }
        let passed = [
            "KILN_LOG", "KILN_LEASE_SECONDS", "KILN_KILL_GRACE_SECONDS", "KILN_TRAIN", "KILN_RUN_ROOT", "KILN_DATA_DIR",
        ]
        for name in passed {
            if let value = ProcessInfo.processInfo.environment[name] { request.environment[name] = value }
        }
        let problems = request.problems
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "; ")) }
        return request
    }

    /// Copies the sbatch options into `request`.
    private func apply(to request: inout SlurmJobRequest) {
        request.partition = partition
        request.time = time
        request.cpusPerWorker = cpusPerWorker
        request.gpusPerWorker = gpusPerWorker
        request.account = account
        request.qos = qos
        request.memory = mem
        request.sbatchArguments = sbatchArg
        request.signal = signal
        request.requeue = requeue
    }

    /// Prints the script (`--dry-run`) or submits it and records the job with the sweep.
    func submit(_ request: SlurmJobRequest, sweepID: Int64, connection: Connection) throws {
        if dryRun {
            print(request.script(), terminator: "")
            return
        }
        let (jobID, path) = try SlurmSubmission.submit(request, sweepID: sweepID, connection: connection)
        print(
            "submitted Slurm job \(jobID): \(request.workers) worker\(request.workers == 1 ? "" : "s") for sweep \(request.sweep) (\(path))"
        )
    }
}
