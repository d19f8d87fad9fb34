import Foundation
import KilnPostgres
import KilnSpec
import KilnStore

/// `kiln bench scheduler`: registers a sweep of no-op runs (`/bin/true`) and works it with local
/// workers, measuring registration time, runs per second, and the scheduler's overhead per run
/// (wall time × workers / runs, minus what spawning `/bin/true` alone costs).
package struct SchedulerBenchmark: Sendable {
    /// What one measurement found. Times in seconds unless named otherwise.
    package struct Result: Sendable {
        /// Runs in the sweep.
        package var runs: Int
        /// Local workers.
        package var workers: Int
        /// Parsing and expanding the spec.
        package var planSeconds: Double
        /// Storing the sweep, its runs and their trainers.
        package var registrationSeconds: Double
        /// Working the whole queue.
        package var workSeconds: Double
        /// Spawning and reaping the no-op trainer once, without Kiln (milliseconds).
        package var spawnMilliseconds: Double
        /// Runs completed per second while working the queue.
        package var runsPerSecond: Double { Double(runs) / workSeconds }
        /// Worker time per run beyond the trainer itself (milliseconds).
        package var overheadMilliseconds: Double {
            workSeconds * Double(workers) / Double(runs) * 1000 - spawnMilliseconds
        }
    }

    /// A trainer that does nothing but write `{"event":"done"}` (printf's octal escapes keep the
    /// braces out of the spec, where they would be placeholders).
    static let noopTrainer = ["/usr/bin/printf", #"\173"event":"done"\175\n"#]

    /// Runs in the benchmark sweep.
    package var runs: Int
    /// Local workers.
    package var workers: Int

    /// A benchmark of `runs` no-op runs worked by `workers` workers.
    package init(runs: Int, workers: Int) {
        self.runs = runs
        self.workers = workers
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

        var settings = SchedulerSettings(databaseURL: url, projectDirectory: project)
        settings.cores = max(settings.cores, workers)
        let workStart = Date()
        WorkerPool(settings: settings, count: workers, sweepID: registration.sweepID).run()
        let workSeconds = Date().timeIntervalSince(workStart)
        let progress = try RunStore(connection: connection).progress(sweepID: registration.sweepID)
        guard progress.succeeded == runs else {
            throw SchedulerError.io(path: name, reason: "only \(progress.succeeded) of \(runs) no-op runs succeeded")
        }
        return Result(
            runs: runs, workers: workers, planSeconds: planSeconds, registrationSeconds: registrationSeconds,
            workSeconds: workSeconds, spawnMilliseconds: try Self.spawnCost(project: project))
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
