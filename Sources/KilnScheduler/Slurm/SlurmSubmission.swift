import Foundation
import KilnPostgres
import KilnStore

/// Writes a request's sbatch script into `.kiln/slurm/` (mode 600: it may hold the database
/// password), submits it, and records the job id with the sweep.
package enum SlurmSubmission {
    /// `<folder>/<sweep>-<UTC time>[-N].sbatch`: the script's path for the `copy`th submission of
    /// `request`'s sweep in the same second (1 for the first, which has no `-N`).
    package static func scriptPath(for request: SlurmJobRequest, at date: Date = Date(), copy: Int = 1) -> String {
        let stamp = ISO8601DateFormatter.string(
            from: date, timeZone: .gmt, formatOptions: [.withYear, .withMonth, .withDay, .withTime])
        return "\(request.folder)/\(request.sweep)-\(stamp)\(copy == 1 ? "" : "-\(copy)").sbatch"
    }

    /// Writes the request's script into its folder (made private if missing) under a new name, a new
    /// script per submission kept for the record: never over another one, even of a submission in the
    /// same second from another process. Returns its path.
    package static func writeScript(_ request: SlurmJobRequest, at date: Date = Date()) throws -> String {
        try PrivateFolder.create(request.folder)
        let script = request.script()
        var copy = 1
        while !(try PrivateFile.create(script, at: scriptPath(for: request, at: date, copy: copy))) { copy += 1 }
        return scriptPath(for: request, at: date, copy: copy)
    }

    /// Writes the script, submits it and records the job; returns the job id and the script's path.
    package static func submit(_ request: SlurmJobRequest, sweepID: Int64, connection: Connection) throws
        -> (jobID: String, scriptPath: String)
    {
        let path = try writeScript(request)
        let jobID = try Slurm.submit(scriptPath: path)
        try SlurmJobStore(connection: connection).record(
            SlurmJobRecord(
                sweepID: sweepID, jobID: jobID, workers: request.workers, scriptPath: path,
                submitHost: ProcessInfo.processInfo.hostName, cancelled: false))
        return (jobID, path)
    }
}
