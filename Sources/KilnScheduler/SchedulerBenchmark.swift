import Foundation
import KilnPostgres
import KilnSpec
import KilnStore

/// `kiln bench scheduler`: registers a sweep of no-op runs and works it with workers (in this process,
/// or separate `kiln worker` processes), measuring registration time, runs per second, the
/// scheduler's overhead per run (wall time × workers / runs, minus what spawning the no-op alone
/// costs) and how many runs were claimed more than once (from the attempts table).
package struct SchedulerBenchmark: Sendable {
    /// What one measurement found. Times in seconds unless named otherwise.
    package struct Result: Sendable {
        /// Runs in the sweep.
        package var runs: Int
        /// Workers: in this process, or separate `kiln worker` processes.
        package var workers: Int
        /// Whether the workers were separate `kiln worker` processes.
        package var separateProcesses: Bool
        /// Parsing and expanding the spec.
        package var planSeconds: Double
        /// Storing the sweep, its runs and their trainers.
        package var registrationSeconds: Double
        /// Working the whole queue.
        package var workSeconds: Double
        /// Spawning and reaping the no-op trainer once, without Kiln (milliseconds).
        package var spawnMilliseconds: Double
        /// CPU time (user and system) of the workers and their trainers while working the queue,
        /// without the database server's (seconds): what the queue costs however long workers wait.
        package var workerCPUSeconds: Double
        /// Claims beyond the first of any run (attempts past one per run): 0 unless a claim was duplicated.
        package var duplicatedClaims: Int
        /// Worker processes that claimed at least one run.
        package var claimingProcesses: Int
        /// Runs completed per second while working the queue.
        package var runsPerSecond: Double { Double(runs) / workSeconds }
        /// Worker time per run beyond the trainer itself (milliseconds).
        package var overheadMilliseconds: Double {
            workSeconds * Double(workers) / Double(runs) * 1000 - spawnMilliseconds
        }
        /// Worker and trainer CPU time per run (milliseconds).
        package var cpuMillisecondsPerRun: Double { workerCPUSeconds / Double(runs) * 1000 }
        /// Wall time per run: the queue's throughput as a cost (milliseconds).
        package var wallMillisecondsPerRun: Double { workSeconds / Double(runs) * 1000 }
    }

    /// A trainer that does nothing but write `{"event":"done"}` (printf's octal escapes keep the
    /// braces out of the spec, where they would be placeholders).
    static let noopTrainer = ["/usr/bin/printf", #"\173"event":"done"\175\n"#]

    /// Runs in the benchmark sweep.
    package var runs: Int
    /// Workers.
    package var workers: Int
    /// The `kiln` executable whose `kiln worker --sweep` processes work the queue, one per worker;
    /// nil for workers in this process.
    package var workerExecutable: String?

    /// A benchmark of `runs` no-op runs worked by `workers` workers: separate processes of
    /// `workerExecutable` (`kiln worker`) when given, else threads of this process.
    package init(runs: Int, workers: Int, workerExecutable: String? = nil) {
        self.runs = runs
        self.workers = workers
        self.workerExecutable = workerExecutable
    }

    /// Runs the benchmark against `url`, in a temporary project folder; deletes the sweep afterwards.
    package func measure(url: String) throws -> Result {
        let project = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kiln-bench-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: project) }
        let name = "bench-scheduler-\(UUID().uuidString.prefix(8).lowercased())"
        let yaml =
            "name: \(name)\nmax_attempts: 1\ntrainer:\n  command: [\(Self.noopTrainer[0]), '\(Self.noopTrainer[1])']\nseeds: \(runs)\n"

        let planStart = Date()
        let plan = try SweepPlan(spec: try SweepSpec(text: yaml, file: "\(name).yaml"))
        let planSeconds = Date().timeIntervalSince(planStart)

        let connection = try Connection(url: url, applicationName: "kiln bench")
        let registrationStart = Date()
        let registration = try SweepRegistrar.register(plan, specPath: nil, connection: connection)
        let registrationSeconds = Date().timeIntervalSince(registrationStart)
        defer {
            // Fresh statistics keep the cascading delete of 10,000 runs from planning a nested loop.
            _ = try? connection.execute("ANALYZE runs")
            try? SweepStore(connection: connection).delete(id: registration.sweepID)
        }

        let workStart = Date()
        let cpuStart = Self.cpuSeconds()
        if let workerExecutable {
            try Self.workWithProcesses(count: workers, kiln: workerExecutable, url: url, sweep: name, project: project)
        } else {
            var settings = SchedulerSettings(databaseURL: url, projectDirectory: project)
            settings.cores = max(settings.cores, workers)
            WorkerPool(settings: settings, count: workers, sweepID: registration.sweepID).run()
        }
        let workSeconds = Date().timeIntervalSince(workStart)
        let workerCPUSeconds = Self.cpuSeconds() - cpuStart
        let progress = try RunStore(connection: connection).progress(sweepID: registration.sweepID)
        guard progress.succeeded == runs else {
            throw SchedulerError.io(path: name, reason: "only \(progress.succeeded) of \(runs) no-op runs succeeded")
        }
        let claims = try Self.claims(sweepID: registration.sweepID, connection: connection)
        return Result(
            runs: runs, workers: workers, separateProcesses: workerExecutable != nil, planSeconds: planSeconds,
            registrationSeconds: registrationSeconds, workSeconds: workSeconds,
            spawnMilliseconds: try Self.spawnCost(project: project), workerCPUSeconds: workerCPUSeconds,
            duplicatedClaims: claims.duplicated, claimingProcesses: claims.processes)
    }

    /// CPU seconds (user and system) used so far by this process and its reaped children: workers
    /// in this process, or worker processes, with their trainers.
    static func cpuSeconds() -> Double {
        func seconds(_ who: Int32) -> Double {
            var usage = rusage()
            guard getrusage(__rusage_who_t(who), &usage) == 0 else { return 0 }
            return [usage.ru_utime, usage.ru_stime].reduce(0) { $0 + Double($1.tv_sec) + Double($1.tv_usec) / 1e6 }
        }
        return seconds(RUSAGE_SELF.rawValue) + seconds(RUSAGE_CHILDREN.rawValue)
    }

    /// Milliseconds to spawn and reap the no-op trainer once, the way workers start trainers (median of 200).
    static func spawnCost(project: String) throws -> Double {
        var samples: [Double] = []
        for _ in 0..<200 {
            let start = Date()
            let process = try TrainerProcess(argv: Self.noopTrainer, directory: project, environment: [:])
            _ = process.wait()
            samples.append(Date().timeIntervalSince(start) * 1000)
        }
        return samples.sorted()[samples.count / 2]
    }
}
