import Foundation
import KilnAnalysis
import KilnFit
import KilnPostgres
import KilnStore
import KilnTestSupport
import Testing

@testable import KilnReport

/// The scaling section of a report shows the fits `kiln fit scaling` saved, never a refit of its own.
@Suite(.tags(.postgres))
struct StoredScalingFitsTests {
    /// A finished IsoFLOP grid of 3 budgets × 5 sizes named `grid`, its final losses from a law whose values
    /// differ from those the tests save (so a refit could not pass for the saved fit), evaluated on prose.
    static func grid(_ connection: Connection) throws -> Int64 {
        let sweeps = SweepStore(connection: connection)
        let sweep = try sweeps.upsert(name: "grid", description: "", specText: "", specHash: "h", specPath: nil)
        func loss(_ n: Double, _ d: Double) -> Double { 2.1 + 300 / pow(n, 0.45) + 500 / pow(d, 0.31) }
        var runs: [NewRun] = [], finals: [String: Double] = [:]
        for budget in [1e18, 1e19, 1e20] {
            for n in [3e7, 1e8, 3e8, 1e9, 3e9] {
                let params = #"{"budget": \#(budget), "eval": [{"name": "prose", "source": "prose"}]}"#
                var run = NewRun(name: "b\(budget)-n\(n)", stage: "main", params: params, configHash: "\(budget)\(n)")
                (run.paramsCount, run.tokens, run.flops) = (Int(n), Int(budget / (6 * n)), budget)
                runs.append(run)
                finals[run.name] = loss(n, budget / (6 * n))
            }
        }
        try sweeps.register(runs, sweepID: sweep)
        try connection.execute("UPDATE runs SET status = 'succeeded' WHERE sweep_id = $1", [sweep])
        let points = try connection.query("SELECT id, name FROM runs").map { row in
            MetricPoint(runID: try row.decode(at: 0), name: "val/prose/loss", step: 100, value: finals[row[1]!]!)
        }
        try MetricStore(connection: connection).ingest(points)
        return sweep
    }

    @Test(
        "a scaling sweep's report shows the saved Approach 3 fit's parameters and the metric it was fitted on",
        .freshDatabase)
    func savedFitIsShown() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let sweep = try Self.grid(connection)
        let parameters = #"{"E": 1.234, "A": 567.8, "B": 901.2, "alpha": 0.3456, "beta": 0.2789}"#
        let summary =
            #"{"method": "chinchilla-approach-3", "parameters": \#(parameters), "intervals": {"alpha": [0.3012, 0.3987]}, "loss": 0.001, "data_count": 15}"#
        try FitStore(connection: connection).save(
            kind: "chinchilla-approach-3", sweepID: sweep, metric: "val/prose/loss", inputs: "[]",
            parameters: parameters,
            summary: summary)

        let document = try HTMLDocument(
            HTMLReport.render(ReportLoader(connection: connection).model(sweeps: ["grid"], detail: .overview)))
        let section = try #require(Fixtures.section(document, "scaling"))
        let table = try #require(section.find("table").first)
        let rows = table.find("tr").map { $0.find("td").map(\.textContent) }.filter { !$0.isEmpty }
        #expect(rows.first { $0.first == "E" }?[1] == "1.234", "\(rows)")
        #expect(rows.first { $0.first == "alpha" } == ["alpha", "0.3456", "[0.3012, 0.3987]"], "\(rows)")
        #expect(rows.first { $0.first == "beta" }?[1] == "0.2789", "\(rows)")
        #expect(
            section.textContent.contains("val/prose/loss"), "the fit is shown with its metric: \(section.textContent)")
        #expect(!section.textContent.contains("No scaling fit saved"))
    }

    @Test("a scaling sweep without a saved fit says so and shows no law", .freshDatabase)
    func missingFitIsNamed() throws {
        let connection = try Connection(url: FreshDatabase.url)
        _ = try Self.grid(connection)

        let model = try ReportLoader(connection: connection).model(sweeps: ["grid"], detail: .overview)
        let document = try HTMLDocument(HTMLReport.render(model))
        let section = try #require(Fixtures.section(document, "scaling"))
        #expect(
            section.textContent.contains("No scaling fit saved; run kiln fit scaling grid"), "\(section.textContent)")
        #expect(section.find("table").isEmpty, "no law may be shown that was not saved")
        #expect(model.scaling?.frontier == nil || model.scaling?.frontier?.predicted.isEmpty == true)
    }

    @Test(
        "the report's IsoFLOP points are the inputs kiln fit scaling reads: both come from SweepAnalysis",
        .freshDatabase)
    func reportReadsTheFitInputs() throws {
        let connection = try Connection(url: FreshDatabase.url)
        _ = try Self.grid(connection)
        let analysis = SweepAnalysis(connection: connection)
        let inputs = try analysis.scalingInputs(sweep: try analysis.sweep(named: "grid"), metric: nil)

        let model = try ReportLoader(connection: connection).model(sweeps: ["grid"], detail: .overview)
        let profiles = try #require(model.scaling?.isoFLOPs)
        let drawn = profiles.flatMap { profile in profile.points.map { [$0.parameters, $0.loss] } }
        let read = inputs.data.points.map { [$0.params, $0.loss] }
        #expect(drawn.sorted { $0.lexicographicallyPrecedes($1) } == read.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(profiles.count == 3)
        #expect(model.scaling?.metric == inputs.metric)
    }
}
