import Foundation
import KilnStore

/// Slurm's commands, run from argv arrays: `sbatch`, `squeue`, `sacct`, `scancel`. They read
/// `SLURM_CONF` and the rest of Slurm's environment from Kiln's.
package enum Slurm {
    /// One array task (or a whole pending array) as `squeue` or `sacct` show it.
    package struct TaskState: Sendable, Equatable {
        /// `12_0`, `12_[2-5]` (pending tasks not started yet), or `12`.
        package var id: String
        /// `PENDING`, `RUNNING`, `COMPLETED`, `CANCELLED`, …
        package var state: String
        /// Why it waits (`Resources`, `Priority`), empty when it does not.
        package var reason: String
    }

    /// Submits `scriptPath` with `sbatch --parsable`; returns the job id.
    package static func submit(scriptPath: String) throws -> String {
        let output = try ExternalCommand(argv: ["sbatch", "--parsable", scriptPath]).run()
        // --parsable prints `jobid[;cluster]` on a line of its own; warnings may come before it.
        let id = output.text.split(separator: "\n").last { line in
            line.prefix { $0 != ";" }.allSatisfy(\.isNumber) && !line.isEmpty
        }
        guard output.status == 0, let id else {
            throw SchedulerError.cannotStart(
                argv: ["sbatch", scriptPath],
                reason:
                    "sbatch exited \(output.status), saying:\n\(output.text.trimmingCharacters(in: .whitespacesAndNewlines))"
            )
        }
        return String(id)
    }

    /// The tasks of `jobIDs` still known to Slurm: `squeue` (one line per task), then `sacct` for
    /// jobs `squeue` no longer shows, where accounting is enabled. A job in neither has ended and
    /// been forgotten. Throws when `squeue` cannot run at all (no Slurm here).
    package static func states(jobIDs: [String]) throws -> [TaskState] {
        guard !jobIDs.isEmpty else { return [] }
        let ids = jobIDs.map { String($0.prefix { $0 != ";" }) }
        var tasks: [TaskState] = []
        // squeue refuses the whole list when one id is unknown to it, so each job is asked alone.
        for id in ids {
            let queued = try ExternalCommand(argv: ["squeue", "-h", "-r", "-j", id, "-o", "%i|%T|%r"]).run()
            let lines = queued.status == 0 ? Self.parse(queued.text) : []
            if !lines.isEmpty {
                tasks += lines
                continue
            }
            let accounted = try? ExternalCommand(argv: [
                "sacct", "-n", "-X", "-P", "-j", id, "-o", "JobID,State,Reason",
            ]).run()
            if let accounted, accounted.status == 0 { tasks += Self.parse(accounted.text) }
        }
        return tasks
    }

    /// Cancels the jobs (`scancel`): their workers get SIGTERM and give their runs back.
    package static func cancel(jobIDs: [String]) throws {
        guard !jobIDs.isEmpty else { return }
        try ExternalCommand(argv: ["scancel"] + jobIDs.map { String($0.prefix { $0 != ";" }) }).check()
    }

    /// `id|state|reason` lines; a reason of `None` is dropped.
    static func parse(_ text: String) -> [TaskState] {
        text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard fields.count >= 2, !fields[0].isEmpty else { return nil }
            let reason = fields.count > 2 && fields[2] != "None" ? fields[2] : ""
            return TaskState(id: fields[0], state: fields[1], reason: reason)
        }
    }
}
