import Foundation
import KilnPostgres
import KilnStore
import KilnTestSupport
import Testing

@testable import KilnReport

/// The "Pruned runs" section: each pruned run's stored decision reaches the report as a chart with its stop step
/// and numbers, user text escaped; without a pruned run there is no section.
@Suite(.tags(.postgres))
struct PrunedSectionTests {
    @Test(.freshDatabase) func aPrunedRunsDecisionIsShownWithItsStopStep() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let sweeps = SweepStore(connection: connection)
        let sweep = try sweeps.upsert(name: "cut", description: "", specText: "", specHash: "h", specPath: nil)
        try sweeps.register([NewRun(name: "wsd<b>", stage: "main", params: "{}", configHash: "a")], sweepID: sweep)
        let run = try #require(try RunStore(connection: connection).runs(sweepID: sweep).first)
        let html = {
            try HTMLReport.render(try ReportLoader(connection: connection).model(sweeps: ["cut"], detail: .overview))
        }
        #expect(!(try html()).contains("id=\"pruned\""))

        try connection.execute("UPDATE runs SET status = 'pruned' WHERE id = $1", [run.id])
        _ = try MetricStore(connection: connection).ingest(
            (0..<12).map { MetricPoint(runID: run.id, name: "train/loss", step: 10 * $0, value: 3 - 0.05 * Double($0)) }
        )
        try EarlyStopStore(connection: connection).record(
            PruneDecision(
                runID: run.id, step: 110, metric: "train/loss", law: "annealing", predictedFinal: 2.9, low: 2.8,
                high: 3.0, bestPredicted: 2.5, bestRun: "cosine&co", probability: 0.95,
                curve: .init(steps: [200, 299], predicted: [2.95, 2.9], low: [2.9, 2.8], high: [3.0, 3.0])))
        let text = try html()
        #expect(text.contains("<section id=\"pruned\">"))
        #expect(text.contains("wsd&lt;b&gt;: stopped at step 110"))
        #expect(text.contains("cosine&amp;co"))
        #expect(!text.contains("wsd<b>"))
    }
}
