/// How an attempt was started, recorded so it can be reproduced: the source revision of the spec's
/// repository, the trainer's argv and the hash of its program (or script), and the environment Kiln set.
package struct AttemptProvenance: Sendable, Hashable, Codable {
    /// `git rev-parse HEAD` of the repository holding the spec; nil outside a git repository or without git.
    package var gitCommit: String?
    /// Tracked files differ from `gitCommit` (`git status --porcelain --untracked-files=no`).
    package var gitDirty: Bool?
    /// The trainer's command line.
    package var argv: [String]
    /// The file hashed: the script of an interpreter (`python3 train.py`), else the executable.
    package var executable: String?
    /// SHA-256 of `executable`, 64 lowercase hex digits.
    package var executableSHA256: String?
    /// The variables Kiln set for the trainer (on top of the worker's own environment).
    package var environment: [String: String]

    /// Provenance from its parts.
    package init(
        gitCommit: String?, gitDirty: Bool?, argv: [String], executable: String?, executableSHA256: String?,
        environment: [String: String]
    ) {
        self.gitCommit = gitCommit
        self.gitDirty = gitDirty
        self.argv = argv
        self.executable = executable
        self.executableSHA256 = executableSHA256
        self.environment = environment
    }

    enum CodingKeys: String, CodingKey {
        case gitCommit = "git_commit", gitDirty = "git_dirty", argv, executable, executableSHA256 = "executable_sha256"
        case environment
    }
}

/// One attempt of a run, as `attempts` stores it.
package struct AttemptRecord: Sendable, Hashable, Codable {
    /// The run's numeric id.
    package var runID: Int64
    /// The attempt number (1, 2, …); an attempt given back without counting shares its number with the next.
    package var attempt: Int
    /// `host/pid/slot` of the worker.
    package var worker: String
    /// The worker's host name.
    package var host: String
    /// `running`, `succeeded`, `failed`, `cancelled`, `released` (given back without counting) or
    /// `lost` (its worker stopped heartbeating).
    package var status: String
    /// Seconds since 1970.
    package var startedAt: Double
    /// Seconds since 1970.
    package var finishedAt: Double?
    /// The trainer's exit status.
    package var exitCode: Int?
    /// Why it did not succeed.
    package var failure: String?
    /// The version of the Kiln that ran it.
    package var kilnVersion: String
    /// How it was started; nil until the worker recorded it.
    package var provenance: AttemptProvenance?

    /// An attempt from its parts.
    package init(
        runID: Int64, attempt: Int, worker: String, host: String, status: String, startedAt: Double,
        finishedAt: Double?, exitCode: Int?, failure: String?, kilnVersion: String, provenance: AttemptProvenance?
    ) {
        self.runID = runID
        self.attempt = attempt
        self.worker = worker
        self.host = host
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.exitCode = exitCode
        self.failure = failure
        self.kilnVersion = kilnVersion
        self.provenance = provenance
    }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", attempt, worker, host, status, startedAt = "started_at", finishedAt = "finished_at"
        case exitCode = "exit_code", failure, kilnVersion = "kiln_version", provenance
    }
}
