import ArgumentParser
import Foundation
import KilnReport

struct BenchReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Report time and size for a large synthetic store.",
        discussion: """
            Fills a scratch sweep with RUNS runs x POINTS points of train/loss, val/prose/loss and lr (setup, not
            timed), then times loading it from the store and rendering the HTML. The sweep is deleted afterwards.
            Example: kiln bench report --runs 1000 --points 1000
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "Runs in the synthetic sweep.") var runs = 1000
    @Option(help: "Points per metric per run.") var points = 1000
    @Option(name: .shortAndLong, help: "Also write the report here.") var output: String?

    func validate() throws {
        if runs < 1 || points < 1 { throw ValidationError("--runs and --points must be at least 1") }
    }

    func run() async throws {
        let connection = try store.connect(applicationName: "kiln-bench")
        let bench = ReportStoreBenchmark(connection: connection, runs: runs, points: points)
        print("filling a synthetic sweep: \(runs) runs x \(points) points x 3 metrics …")
        let result = try bench.run()
        if let output { try result.html.write(toFile: output, atomically: true, encoding: .utf8) }
        print(
            String(
                format: "load %.2f s + render %.2f s = %.2f s; %.2f MB (goal: < 3 s, < 5 MB)",
                result.loadSeconds, result.renderSeconds, result.loadSeconds + result.renderSeconds,
                Double(result.html.utf8.count) / 1e6))
    }
}
