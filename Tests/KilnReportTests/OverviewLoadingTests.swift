import Foundation
import KilnPostgres
import KilnStore
import KilnTestSupport
import Testing

@testable import KilnReport

/// Reports and sweep pages draw runs from overviews (`metric_overviews`), never losing a final value, a
/// spike or a point a fit is scored on.
@Suite(.tags(.postgres))
struct OverviewLoadingTests {
    /// Sweep `long` with an ended run `done` and a running run `live`, 3,000 points of train/loss each (a
    /// spike at step 12,340 in `done`); the runs' ids.
    static func sweep(_ connection: Connection) throws -> (done: Int64, live: Int64) {
        let ids = try StoreSamples.sweep(connection, name: "long", runNames: ["done", "live"], points: 0).runIDs
        try connection.execute("UPDATE runs SET status = 'succeeded' WHERE name = 'done'")
        try connection.execute("UPDATE runs SET status = 'running', attempt = 1 WHERE name = 'live'")
        try MetricStore(connection: connection).ingest(
            ids.flatMap { id in
                (0..<3_000).map { step in
                    let value = step == 1_234 && id == ids[0] ? 40 : 2 + 3 / Double(step + 1).squareRoot()
                    return MetricPoint(runID: id, name: "train/loss", step: step * 10, value: value)
                }
            })
        return (ids[0], ids[1])
    }

    @Test(.freshDatabase)
    func anEndedRunIsDrawnFromItsOverviewWhichTheFirstReaderStores() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let (done, live) = try Self.sweep(connection)
        let model = try ReportLoader(connection: connection).model(sweeps: ["long"], detail: .overview)
        let every = try ReportLoader(connection: connection).model(sweeps: ["long"], detail: .every)
        let stored = try MetricOverviewStore(connection: connection).overviews(runIDs: [done, live])
        #expect(stored[done]?["train/loss"]?.points == 3_000, "the ended run's overview is stored")
        #expect(stored[live] == nil, "a running run's is not")
        for run in model.runs {
            let points = try #require(run.series["train/loss"])
            #expect(points.count <= 4 * MetricOverview.buckets)
            #expect(run.summarized == ["train/loss"])
            let whole = try #require(every.runs.first { $0.id == run.id })
            #expect(run.finalMetrics == whole.finalMetrics)
            #expect(points.map(\.step) == MetricOverview(whole.series["train/loss"]!.map { ($0.step, $0.value) }).steps)
        }
        #expect(model.runs.first { $0.id == done }?.series["train/loss"]?.contains { $0.value == 40 } == true)
        let html = try HTMLReport.render(model)
        #expect(html.contains("Drawn with at most"), "the chart says it is reduced")
    }

    @Test(.freshDatabase)
    func aFitIsScoredAgainstEveryStoredPoint() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let (done, _) = try Self.sweep(connection)
        let steps = Array(stride(from: 5, to: 30_000, by: 10))
        let predicted = steps.map { 2 + 3 / Double($0 / 10 + 1).squareRoot() }
        let summary =
            #"{"parameters": {"L0": 2.0}, "trained_on": ["done"], "predictions": [{"run": "done", "steps": "#
            + "\(steps.map { $0 - 5 }), \"predicted\": \(predicted)}]}"
        let sweepID = try #require(try SweepStore(connection: connection).sweep(named: "long")).id
        try FitStore(connection: connection).save(
            kind: "multipower-law", sweepID: sweepID, metric: "train/loss", inputs: "[]", parameters: "{}",
            summary: summary)
        let model = try ReportLoader(connection: connection).model(sweeps: ["long"], detail: .overview)
        let fit = try #require(model.scheduleFits.first { $0.runID == done })
        #expect(fit.observed.count == 3_000)
        let error = try #require(PredictionError(observed: fit.observed, predicted: fit.predicted))
        #expect(abs(error.maxRelative - (40 - predicted[1_234]) / 40) < 1e-12, "the spike counts")
    }
}
