import KilnPostgres
import KilnStore

/// Cancelling a whole sweep: its pending runs at once, its running runs flagged for their workers, and its
/// Slurm jobs scancelled. `kiln cancel SWEEP` and `kiln serve`'s cancel action both come here.
package enum SweepCancellation {
    /// Cancels sweep `sweepID`; returns how many runs were cancelled or flagged and the Slurm jobs cancelled.
    package static func cancel(sweepID: Int64, connection: Connection) throws -> (runs: Int, slurmJobs: [String]) {
        let count = try RunStore(connection: connection).cancel(sweepID: sweepID)
        let jobs = try SlurmJobStore(connection: connection).markCancelled(sweepID: sweepID)
        if !jobs.isEmpty { try Slurm.cancel(jobIDs: jobs) }
        return (count, jobs)
    }
}
