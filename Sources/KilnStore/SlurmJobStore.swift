import Foundation
import KilnPostgres

/// A Slurm job submitted for a sweep (a job array of `kiln worker --sweep`).
package struct SlurmJobRecord: Sendable, Equatable {
    package var sweepID: Int64
    /// The job id `sbatch --parsable` printed.
    package var jobID: String
    /// The array size.
    package var workers: Int
    package var scriptPath: String
    package var submitHost: String
    /// Whether `kiln cancel` cancelled it.
    package var cancelled: Bool

    package init(
        sweepID: Int64, jobID: String, workers: Int, scriptPath: String, submitHost: String, cancelled: Bool = false
    ) {
        self.sweepID = sweepID
        self.jobID = jobID
        self.workers = workers
        self.scriptPath = scriptPath
        self.submitHost = submitHost
        self.cancelled = cancelled
    }
}

/// The Slurm jobs recorded with sweeps (`slurm_jobs`).
package struct SlurmJobStore {
    package let connection: Connection

    package init(connection: Connection) {
        self.connection = connection
    }

    /// Records a submitted job; recording it again changes nothing.
    package func record(_ job: SlurmJobRecord) throws {
        try connection.execute(
            """
            INSERT INTO slurm_jobs (sweep_id, job_id, workers, script_path, submit_host) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (sweep_id, job_id) DO NOTHING
            """, [job.sweepID, job.jobID, job.workers, job.scriptPath, job.submitHost])
    }

    /// The jobs of a sweep, oldest first.
    package func jobs(sweepID: Int64) throws -> [SlurmJobRecord] {
        try connection.query(
            """
            SELECT job_id, workers, script_path, submit_host, cancelled_at IS NOT NULL FROM slurm_jobs
            WHERE sweep_id = $1 ORDER BY id
            """, [sweepID]
        ).map { row in
            SlurmJobRecord(
                sweepID: sweepID, jobID: try row.decode(String.self, at: 0), workers: try row.decode(Int.self, at: 1),
                scriptPath: try row.decode(String.self, at: 2), submitHost: try row.decode(String.self, at: 3),
                cancelled: try row.decode(Bool.self, at: 4))
        }
    }

    /// Marks the sweep's jobs cancelled; returns the ones that were not yet.
    @discardableResult
    package func markCancelled(sweepID: Int64) throws -> [String] {
        try connection.query(
            """
            UPDATE slurm_jobs SET cancelled_at = now() WHERE sweep_id = $1 AND cancelled_at IS NULL RETURNING job_id
            """, [sweepID]
        ).map { try $0.decode(String.self, at: 0) }
    }
}
