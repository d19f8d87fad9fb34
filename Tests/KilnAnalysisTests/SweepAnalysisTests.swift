import Foundation
import KilnAnalysis
import KilnFit
import KilnPostgres
import KilnStore
import KilnTestSupport
import Testing

/// Stored runs become fit inputs in one place, and saved fits are read back from it.
@Suite(.tags(.postgres))
struct SweepAnalysisTests {
    @Test(
        "scaling inputs: succeeded runs only, isoflop runs at their budget, the default metric from the spec",
        .freshDatabase)
    func scalingInputs() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let sweeps = SweepStore(connection: connection)
        let sweepID = try sweeps.upsert(name: "grid", description: "", specText: "", specHash: "h", specPath: nil)
        let params = #"{"budget": 1e18, "eval": [{"name": "prose"}, {"name": "code"}]}"#
        let runs = (0..<4).map { index -> NewRun in
            var run = NewRun(name: "r\(index)", stage: "main", params: params, configHash: "\(index)")
            (run.paramsCount, run.tokens, run.flops) = (1_000_000 * (index + 1), 1_000_000, 1.01e18)
            return run
        }
        try sweeps.register(runs, sweepID: sweepID)
        try connection.execute("UPDATE runs SET status = 'succeeded' WHERE name <> 'r3'")
        let points = try connection.query("SELECT id, name FROM runs ORDER BY name").flatMap { row in
            let id: Int64 = try row.decode(at: 0)
            return [
                MetricPoint(runID: id, name: "val/code/loss", step: 10, value: 1),
                MetricPoint(runID: id, name: "val/prose/loss", step: 10, value: 2 + Double(id % 10) / 10),
            ]
        }
        try MetricStore(connection: connection).ingest(points)

        let analysis = SweepAnalysis(connection: connection)
        let inputs = try analysis.scalingInputs(sweep: try analysis.sweep(named: "grid"), metric: nil)
        #expect(inputs.metric == "val/prose/loss")
        #expect(inputs.isoFLOPGrid)
        #expect(inputs.data.count == 3, "the unfinished run is left out")
        #expect(inputs.data.points.allSatisfy { $0.flops == 1e18 }, "an isoflop run's FLOPs are its budget")
        let named = try analysis.scalingInputs(sweep: try analysis.sweep(named: "grid"), metric: "val/code/loss")
        #expect(named.metric == "val/code/loss" && named.data.points.allSatisfy { $0.loss == 1 })
        #expect(throws: AnalysisError.self) { try analysis.sweep(named: "nosuch") }
    }

    @Test("the saved fits of a sweep are the latest of each kind", .freshDatabase)
    func latestOfEachKind() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let sweepID = try SweepStore(connection: connection).upsert(
            name: "s", description: "", specText: "", specHash: "h", specPath: nil)
        let fits = FitStore(connection: connection)
        for (kind, value) in [("chinchilla-approach-3", 1), ("annealing-law", 2), ("chinchilla-approach-3", 3)] {
            try fits.save(kind: kind, sweepID: sweepID, metric: "m", inputs: "[]", parameters: #"{"x": \#(value)}"#)
        }
        let analysis = SweepAnalysis(connection: connection)
        let saved = try analysis.savedFits(sweep: try analysis.sweep(named: "s"))
        #expect(saved.map(\.kind) == ["annealing-law", "chinchilla-approach-3"])
        #expect(saved.map(\.parameters) == [#"{"x": 2}"#, #"{"x": 3}"#])
    }
}
