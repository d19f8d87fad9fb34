import ArgumentParser
import Foundation
import KilnScheduler
import KilnStore

struct BenchScheduler: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler", abstract: "Queue registration time and per-run overhead.",
        discussion: """
            Registers a sweep of no-op runs (a printf that writes the `done` line) in a temporary project, works it with local workers, and reports the registration time, runs completed per second, and the scheduler's own overhead per run (worker time per run minus the cost of spawning that no-op alone). The sweep is deleted afterwards. Goals: registration of 10,000 runs under 3 s, overhead under 20 ms per run.

            Example: kiln bench scheduler --runs 10000 --workers 2
            """)

    @Option(help: "Runs in the sweep.") var runs = 10_000
    @Option(help: "Local workers.") var workers = 2
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if runs < 1 || workers < 1 { throw ValidationError("--runs and --workers must be at least 1") }
    }

    func run() async throws {
        let database = try store.database()
        _ = try database.connect(applicationName: "kiln bench")
        let benchmark = SchedulerBenchmark(runs: runs, workers: workers)
        let result = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try benchmark.measure(url: database.url) }) }
        }
        print(String(format: "plan:          %.2f s for %d runs", result.planSeconds, result.runs))
        print(String(format: "registration:  %.2f s (goal < 3 s)", result.registrationSeconds))
        print(
            String(
                format: "work:          %.2f s with %d workers: %.1f runs/s", result.workSeconds, result.workers,
                result.runsPerSecond))
        print(String(format: "spawn alone:   %.2f ms per no-op trainer", result.spawnMilliseconds))
        print(String(format: "overhead:      %.2f ms per run (goal < 20 ms)", result.overheadMilliseconds))
    }
}
