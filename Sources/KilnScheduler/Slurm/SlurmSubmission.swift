import Foundation
import KilnPostgres
import KilnStore

/// Writes a request's sbatch script into `.kiln/slurm/` (mode 600: it may hold the database
/// password), submits it, and records the job id with the sweep.
package enum SlurmSubmission {
    /// `<folder>/<sweep>-<UTC time>.sbatch`: a new script per submission, kept for the record.
    package static func scriptPath(for request: SlurmJobRequest, at date: Date = Date()) -> String {
        let stamp = ISO8601DateFormatter.string(
            from: date, timeZone: .gmt, formatOptions: [.withYear, .withMonth, .withDay, .withTime])
        return "\(request.folder)/\(request.sweep)-\(stamp).sbatch"
    }

    /// Writes the script, submits it and records the job; returns the job id and the script's path.
    package static func submit(_ request: SlurmJobRequest, sweepID: Int64, connection: Connection) throws
        -> (jobID: String, scriptPath: String)
    {
        try PrivateFolder.create(request.folder)
        let path = scriptPath(for: request)
        try PrivateFile.write(request.script(), to: path)
        let jobID = try Slurm.submit(scriptPath: path)
        try SlurmJobStore(connection: connection).record(
            SlurmJobRecord(
                sweepID: sweepID, jobID: jobID, workers: request.workers, scriptPath: path,
                submitHost: ProcessInfo.processInfo.hostName, cancelled: false))
        return (jobID, path)
    }
}
