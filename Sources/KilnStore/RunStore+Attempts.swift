import Foundation
import KilnPostgres

/// The attempts of runs and their provenance.
extension RunStore {
    /// Records how the current attempt was started. Fenced like a heartbeat: written only while
    /// `worker` holds `attempt` of the run. Returns whether it was written.
    @discardableResult
    package func recordProvenance(runID: Int64, worker: String, attempt: Int, _ provenance: AttemptProvenance) throws
        -> Bool
    {
        try connection.execute(
            """
            UPDATE attempts SET git_commit = $4, git_dirty = $5, argv = $6::jsonb, executable = $7,
                executable_sha256 = $8, environment = $9::jsonb
            WHERE run_id = $1 AND worker = $2 AND attempt = $3 AND status = 'running'
            """,
            [
                runID, worker, attempt, provenance.gitCommit, provenance.gitDirty,
                try JSONText(encoding: provenance.argv),
                provenance.executable, provenance.executableSHA256, try JSONText(encoding: provenance.environment),
            ]) > 0
    }

    /// Every attempt of the runs of `sweepID`, by run id, in the order they started.
    package func attempts(sweepID: Int64) throws -> [Int64: [AttemptRecord]] {
        let rows = try connection.query(
            """
            SELECT a.run_id, a.attempt, a.worker, a.host, a.status, extract(epoch FROM a.started_at)::float8,
                   extract(epoch FROM a.finished_at)::float8, a.exit_code, a.failure, a.kiln_version, a.git_commit,
                   a.git_dirty, a.argv::text, a.executable, a.executable_sha256, a.environment::text
            FROM attempts a JOIN runs r ON r.id = a.run_id
            WHERE r.sweep_id = $1 ORDER BY a.run_id, a.id
            """, [sweepID])
        var attempts: [Int64: [AttemptRecord]] = [:]
        let decoder = JSONDecoder()
        for row in rows {
            var provenance: AttemptProvenance?
            if let argv: String = try row.decode(at: 12) {
                let environment = try row.decode(String?.self, at: 15) ?? "{}"
                provenance = AttemptProvenance(
                    gitCommit: try row.decode(at: 10), gitDirty: try row.decode(at: 11),
                    argv: try decoder.decode([String].self, from: Data(argv.utf8)), executable: try row.decode(at: 13),
                    executableSHA256: try row.decode(at: 14),
                    environment: try decoder.decode([String: String].self, from: Data(environment.utf8)))
            }
            let record = AttemptRecord(
                runID: try row.decode(at: 0), attempt: try row.decode(at: 1), worker: try row.decode(at: 2),
                host: try row.decode(at: 3), status: try row.decode(at: 4), startedAt: try row.decode(at: 5),
                finishedAt: try row.decode(at: 6), exitCode: try row.decode(at: 7), failure: try row.decode(at: 8),
                kilnVersion: try row.decode(at: 9), provenance: provenance)
            attempts[record.runID, default: []].append(record)
        }
        return attempts
    }
}
