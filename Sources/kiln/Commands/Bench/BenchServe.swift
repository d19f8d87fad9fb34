import ArgumentParser
import KilnServe
import KilnStore

struct BenchServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Page times, live latency and ingestion under viewers of kiln serve.",
        discussion: """
            Fills a scratch sweep of RUNS runs x POINTS points (and a small running one), serves the store in this \
            process on a free loopback port, and measures over HTTP: the sweep page (time to first byte and total, \
            first view and cached), a run page, the home page, the time from ingesting a point to the event on an \
            open page and to the refreshed page, and metric ingestion alone against ingestion with VIEWERS open \
            pages following the sweep. The scratch sweeps are deleted afterwards.
            Example: kiln bench serve --runs 1000 --points 1000 --viewers 20
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "Runs in the large sweep.") var runs = 1000
    @Option(help: "Points per metric per run.") var points = 1000
    @Option(help: "Open pages while ingesting.") var viewers = 20

    func validate() throws {
        if runs < 1 || points < 1 { throw ValidationError("--runs and --points must be at least 1") }
        if viewers < 0 { throw ValidationError("--viewers must be 0 or more") }
    }

    func run() async throws {
        let database = try store.database()
        _ = try database.connect(applicationName: "kiln-bench")
        let benchmark = ServeBenchmark(databaseURL: database.url, runs: runs, points: points, viewers: viewers)
        try await benchmark.run { print($0) }
    }
}
