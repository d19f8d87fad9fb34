import KilnStore

extension Slurm {
    /// `kiln status`'s lines for a sweep's Slurm jobs: each job with its tasks' states from
    /// `squeue`/`sacct` (`12_0 RUNNING, 12_[1-3] PENDING (Resources)`), or why they are unknown.
    package static func statusLines(jobs: [SlurmJobRecord]) -> [String] {
        jobs.map { job in
            let head = "  slurm job \(job.jobID) (\(job.workers) worker\(job.workers == 1 ? "" : "s"))"
            let tasks: [TaskState]
            do {
                tasks = try states(jobIDs: [job.jobID])
            } catch {
                return head + ": state unknown (\(error))"
            }
            if tasks.isEmpty { return head + (job.cancelled ? ": cancelled" : ": ended (no longer known to squeue)") }
            let states = tasks.map { $0.id + " " + $0.state + ($0.reason.isEmpty ? "" : " (\($0.reason))") }
            return head + ": " + states.joined(separator: ", ")
        }
    }
}
