import ArgumentParser
import Foundation
import KilnScheduler
import KilnStore

struct BenchScheduler: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler", abstract: "Queue registration time and per-run overhead.",
        discussion: """
            Registers a sweep of no-op runs (a printf that writes the `done` line) in a temporary project, works it with workers, and reports the registration time, runs completed per second, the scheduler's own overhead per run (work time × workers / runs, minus the cost of spawning that no-op alone), the CPU time per run of the workers and their trainers, and how many runs were claimed more than once (attempts beyond one per run, which must be 0). The sweep is deleted afterwards. Goals: registration of 10,000 runs under 3 s, overhead under 20 ms per run.

            By default the workers are threads of this process (--workers). With --processes they are separate 'kiln worker --sweep' processes, one measurement per count, as on a cluster; with --tcp they reach a temporary cluster of their own over TCP with TLS and the password ('kiln db serve' on a free port of 127.0.0.1), deleted afterwards.

            Examples:
              kiln bench scheduler --runs 10000 --workers 2
              kiln bench scheduler --runs 1000 --processes 2,8,32,64 --tcp
            """)

    @Option(help: "Runs in the sweep.") var runs = 10_000
    @Option(help: "Workers in this process (without --processes).") var workers = 2
    @Option(
        help: ArgumentHelp("Separate 'kiln worker' processes instead: one measurement per count.", valueName: "n,n,…"))
    var processes: String?
    @Flag(
        help: "Serve a temporary cluster over TCP (TLS, password) to the workers instead of using the project's store.")
    var tcp = false
    @OptionGroup var store: StoreOptions

    /// The process counts of `--processes`, or nil without it.
    private var processCounts: [Int]? {
        get throws {
            guard let processes else { return nil }
            let counts = processes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !counts.isEmpty, counts.allSatisfy({ ($0 ?? 0) >= 1 }) else {
                throw ValidationError(
                    "--processes takes counts of at least 1, separated by commas (e.g. 2,8,32,64), not '\(processes)'")
            }
            return counts.compactMap { $0 }
        }
    }

    func validate() throws {
        if runs < 1 || workers < 1 { throw ValidationError("--runs and --workers must be at least 1") }
        _ = try processCounts
        if tcp && store.databaseURL != nil {
            throw ValidationError("--tcp serves a temporary cluster of its own; leave out --database-url")
        }
    }

    func run() async throws {
        let benchmarks =
            try processCounts.map { counts in
                counts.map { SchedulerBenchmark(runs: runs, workers: $0, workerExecutable: KilnExecutable.path) }
            } ?? [SchedulerBenchmark(runs: runs, workers: workers)]
        let results: [SchedulerBenchmark.Result]
        if tcp {
            results = try await Self.detached {
                try SchedulerBenchmark.withServedCluster { url in
                    try Self.measure(benchmarks, url: url, over: "over TCP with TLS")
                }
            }
        } else {
            let database = try store.database()
            _ = try database.connect(applicationName: "kiln bench")
            let over =
                database.cluster == nil ? "to \(database.url.split(separator: "@").last ?? "")" : "over the unix socket"
            results = try await Self.detached { try Self.measure(benchmarks, url: database.url, over: over) }
        }
        guard results.count > 1 else { return }
        print("\nprocesses  work s  runs/s  wall/run ms  overhead ms  CPU/run ms  duplicated claims")
        for result in results {
            print(
                String(
                    format: "%9d  %6.2f  %6.1f  %11.2f  %11.2f  %10.2f  %d", result.workers, result.workSeconds,
                    result.runsPerSecond, result.wallMillisecondsPerRun, result.overheadMilliseconds,
                    result.cpuMillisecondsPerRun, result.duplicatedClaims))
        }
    }

    /// Runs `body` on a thread of its own: the benchmark blocks.
    private static func detached<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Measures each benchmark against `url` in turn, printing each result as it comes.
    private static func measure(_ benchmarks: [SchedulerBenchmark], url: String, over: String) throws
        -> [SchedulerBenchmark.Result]
    {
        try benchmarks.map { benchmark in
            let kind = benchmark.workerExecutable == nil ? "workers in this process" : "kiln worker processes"
            print("== \(benchmark.workers) \(kind), \(over); load average \(loadAverage())")
            let result = try benchmark.measure(url: url)
            report(result)
            return result
        }
    }

    /// The 1-minute load average, as `uptime` shows it (other processes compete for the cores).
    private static func loadAverage() -> String {
        var loads = [Double](repeating: 0, count: 1)
        return getloadavg(&loads, 1) == 1 ? String(format: "%.2f", loads[0]) : "unknown"
    }

    private static func report(_ result: SchedulerBenchmark.Result) {
        let workers = result.separateProcesses ? "worker processes" : "workers"
        print(String(format: "plan:          %.2f s for %d runs", result.planSeconds, result.runs))
        print(String(format: "registration:  %.2f s (goal < 3 s)", result.registrationSeconds))
        print(
            String(format: "work:          %.2f s with %d ", result.workSeconds, result.workers) + workers
                + String(
                    format: ": %.1f runs/s (wall per run %.2f ms)", result.runsPerSecond, result.wallMillisecondsPerRun)
        )
        print(String(format: "spawn alone:   %.2f ms per no-op trainer", result.spawnMilliseconds))
        print(
            String(
                format: "CPU:           %.2f ms per run, of the workers and their trainers (not the database's)",
                result.cpuMillisecondsPerRun))
        print(
            String(format: "overhead:      %.2f ms per run", result.overheadMilliseconds)
                + " = work × \(workers) / runs − spawn alone (goal < 20 ms)")
        let claimed =
            result.separateProcesses ? "; \(result.claimingProcesses) of \(result.workers) processes claimed runs" : ""
        print("claims:        \(result.duplicatedClaims) duplicated (attempts beyond one per run)\(claimed)")
        print("load average:  \(loadAverage()) after")
    }
}
