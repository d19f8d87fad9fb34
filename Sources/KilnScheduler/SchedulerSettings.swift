import Foundation
import Logging

/// How workers reach the queue and pace themselves. Durations are in seconds.
package struct SchedulerSettings: Sendable {
    /// The PostgreSQL URL every worker connection opens.
    package var databaseURL: String
    /// The project folder: runs live in `<projectDirectory>/.kiln/runs/<id>/`, data in `.kiln/data`.
    package var projectDirectory: String
    /// How long a claim lasts without a heartbeat before another worker may take the run back
    /// (`$KILN_LEASE_SECONDS`, default 30).
    package var leaseSeconds: Double
    /// How often idle workers look at the queue when no notification woke them.
    package var pollSeconds: Double = 1
    /// Between SIGTERM and SIGKILL when a run is cancelled or times out (`$KILN_KILL_GRACE_SECONDS`, default 5).
    package var graceSeconds: Double
    /// Cores a machine's workers share; no more trainer threads than this run at once.
    package var cores: Int = ProcessInfo.processInfo.activeProcessorCount
    /// GPUs a machine's workers share (`CUDA_VISIBLE_DEVICES` names); each trainer gets its own.
    /// Default: `GPUSet.discover()` (`CUDA_VISIBLE_DEVICES`, else `SLURM_JOB_GPUS`, else none).
    package var gpus: [String] = GPUSet.discover()
    /// Metric points buffered before a batch is written (also written every `flushSeconds`).
    package var batchSize = 500
    /// Seconds between metric batches at most.
    package var flushSeconds: Double = 0.5
    /// Where the background loops (worker, heartbeat, metric sink) say what failed, with the run and
    /// the operation; `kiln` routes it to stderr at `KILN_LOG`'s level (`KilnLogging.bootstrap`).
    package var logger = Logger(label: "kiln.scheduler")
    /// The built-in trainer: `$KILN_TRAIN`, else `kiln-train` next to the running executable.
    package var trainerPath: String

    /// Settings from the environment for the database at `databaseURL`.
    package init(databaseURL: String, projectDirectory: String = FileManager.default.currentDirectoryPath) {
        let environment = ProcessInfo.processInfo.environment
        self.databaseURL = databaseURL
        self.projectDirectory = projectDirectory
        leaseSeconds = environment["KILN_LEASE_SECONDS"].flatMap(Double.init).map { max($0, 0.5) } ?? 30
        graceSeconds = environment["KILN_KILL_GRACE_SECONDS"].flatMap(Double.init) ?? 5
        trainerPath = environment["KILN_TRAIN"] ?? Self.besideExecutable("kiln-train")
        runRoot = environment["KILN_RUN_ROOT"].flatMap { root in
            root.isEmpty
                ? nil
                : URL(fileURLWithPath: root, relativeTo: URL(fileURLWithPath: projectDirectory, isDirectory: true))
                    .standardizedFileURL.path
        }
    }

    /// Seconds between heartbeats: a third of the lease, at most 5.
    package var heartbeatSeconds: Double { min(leaseSeconds / 3, 5) }

    /// Where run folders go instead of `<projectDirectory>/.kiln/runs`: a filesystem every node
    /// mounts (`--run-root`, `$KILN_RUN_ROOT`); nil for the project's own folder.
    package var runRoot: String?

    /// The folder of run folders: `runRoot`, else `<projectDirectory>/.kiln/runs`.
    package var runsDirectory: String { runRoot ?? projectDirectory + "/.kiln/runs" }

    /// Where run `id` keeps its config, log and checkpoints.
    package func runDirectory(id: Int64) -> String {
        runsDirectory + "/\(id)"
    }

    /// `name` in the folder of the running executable.
    static func besideExecutable(_ name: String) -> String {
        let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
        let resolved = URL(fileURLWithPath: executable).resolvingSymlinksInPath()
        return resolved.deletingLastPathComponent().appendingPathComponent(name).path
    }
}
