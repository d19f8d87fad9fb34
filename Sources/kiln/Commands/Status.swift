import ArgumentParser
import Foundation
import KilnPostgres
import KilnScheduler
import KilnStore

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the progress of sweeps.",
        discussion: """
            For each sweep (or the one named): runs pending, running, succeeded, failed, cancelled and pruned (✂), every running run with its worker, step and loss, the sweep's Slurm jobs with their tasks' states (squeue, sacct), and pending runs that ask for more GPUs than any live worker has. --watch redraws every 2 seconds until interrupted.

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
        let jobs = SlurmJobStore(connection: connection)
        let workers = WorkerStore(connection: connection)
        if json {
            return try RunTable.json(
                try zip(selected, entries).map { sweep, entry in
                    SweepStatusJSON(
                        entry: entry, slurmJobs: try jobs.jobs(sweepID: sweep.id).map(SlurmJobJSON.init),
                        gpuWaiting: try workers.gpuShortages(sweepID: sweep.id, liveSeconds: 30).map(GPUWaitJSON.init))
                })
        }
        if entries.isEmpty { return "no sweeps yet: register one with 'kiln run FILE'\n" }
        return try zip(selected, entries).map { sweep, entry in
            let slurm = Slurm.statusLines(jobs: try jobs.jobs(sweepID: sweep.id))
            let waiting = try workers.gpuShortages(sweepID: sweep.id, liveSeconds: 30).map {
                "  waiting: \($0.run) needs \($0.needed) GPU\($0.needed == 1 ? "" : "s"); no live worker has more than \($0.available)"
            }
            return entry.text + (slurm + waiting).map { $0 + "\n" }.joined()
        }.joined()
    }
}

/// A sweep in `kiln status --json`: RunTable's keys, its Slurm jobs and the runs waiting for GPUs.
private struct SweepStatusJSON: Encodable {
    var entry: RunTable.SweepEntry
    var slurmJobs: [SlurmJobJSON]
    var gpuWaiting: [GPUWaitJSON]

    enum CodingKeys: String, CodingKey {
        case slurmJobs = "slurm_jobs", gpuWaiting = "gpu_waiting"
    }

    func encode(to encoder: any Encoder) throws {
        try entry.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(slurmJobs, forKey: .slurmJobs)
        try container.encode(gpuWaiting, forKey: .gpuWaiting)
    }
}

/// A Slurm job of a sweep with its tasks' states (`squeue`, `sacct`), or why they are unknown.
private struct SlurmJobJSON: Encodable {
    struct Task: Encodable {
        var id: String
        var state: String
        var reason: String
    }

    var jobID: String
    var workers: Int
    var cancelled: Bool
    var script: String
    /// nil when the states are unknown (`stateUnknown` says why).
    var tasks: [Task]?
    var stateUnknown: String?

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id", workers, cancelled, script, tasks, stateUnknown = "state_unknown"
    }

    init(_ job: SlurmJobRecord) {
        jobID = job.jobID
        workers = job.workers
        cancelled = job.cancelled
        script = job.scriptPath
        do {
            tasks = try Slurm.states(jobIDs: [job.jobID]).map { Task(id: $0.id, state: $0.state, reason: $0.reason) }
        } catch {
            stateUnknown = "\(error)"
        }
    }
}

/// A pending run that asks for more GPUs than any live worker has.
private struct GPUWaitJSON: Encodable {
    var run: String
    var needed: Int
    var available: Int

    init(_ shortage: WorkerStore.GPUShortage) {
        run = shortage.run
        needed = shortage.needed
        available = shortage.available
    }
}
