import Foundation
import KilnPostgres
import KilnStore
import KilnTestSupport
import Testing

/// `kiln fit scaling SWEEP` reads finished runs from the store, groups isoflop runs by their budget, and
/// saves every fit with its inputs.
@Suite(.tags(.postgres, .subprocess))
struct FitFromStoreTests {
    @Test(.freshDatabase)
    func scalingFitsReadTheStoreGroupByBudgetAndAreSaved() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let sweeps = SweepStore(connection: connection)
        let sweep = try sweeps.upsert(name: "grid", description: "", specText: "", specHash: "h", specPath: nil)
        // Hoffmann et al.'s law; each run's FLOPs are off its budget by up to 1% (whole steps), as real runs are.
        func loss(_ n: Double, _ d: Double) -> Double { 1.69 + 406.4 / pow(n, 0.34) + 410.7 / pow(d, 0.28) }
        var runs: [NewRun] = [], finals: [String: Double] = [:]
        for budget in [1e18, 3e18, 1e19, 3e19] {
            for (index, n) in [2e7, 5e7, 1e8, 2e8, 5e8, 1e9, 2e9].enumerated() {
                let d = budget / (6 * n)
                var run = NewRun(name: "b\(budget)-n\(n)", stage: "main", params: #"{"budget": \#(budget)}"#, configHash: "\(budget)\(n)")
                run.paramsCount = Int(n)
                run.tokens = Int(d)
                run.flops = budget * (1 + 0.003 * Double(index - 3))
                runs.append(run)
                finals[run.name] = loss(n, d)
            }
        }
        try sweeps.register(runs, sweepID: sweep)
        try connection.execute("UPDATE runs SET status = 'succeeded' WHERE sweep_id = $1", [sweep])
        var points: [MetricPoint] = []
        for row in try connection.query("SELECT id, name FROM runs") {
            points.append(MetricPoint(runID: try row.decode(at: 0), name: "val/prose/loss", step: 100, value: finals[row[1]!]!))
        }
        try MetricStore(connection: connection).ingest(points)

        let fit = try ChildProcess.run([
            ChildProcess.kiln, "fit", "scaling", "grid", "--approach", "all", "--bootstrap", "10", "--json",
            "--database-url", FreshDatabase.url,
        ])
        #expect(fit.status == 0, "\(fit.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(fit.stdout.utf8)) as? [String: Any])
        let approach3 = try #require((json["approach3"] as? [String: Any])?["parameters"] as? [String: Double])
        #expect(abs(approach3["alpha"]! - 0.34) < 0.01)
        #expect(abs(approach3["beta"]! - 0.28) < 0.01)
        let approach2 = try #require(json["approach2"] as? [String: Any])
        #expect(approach2["error"] == nil, "budgets must group despite rounding: \(approach2)")
        let kinds = try connection.query("SELECT kind FROM fits WHERE sweep_id = $1 ORDER BY kind", [sweep]).map { $0[0] }
        #expect(kinds == ["chinchilla-approach-1", "chinchilla-approach-2", "chinchilla-approach-3"])
        let inputs = try connection.query("SELECT jsonb_array_length(inputs) FROM fits WHERE kind = 'chinchilla-approach-3'")
        #expect(try inputs[0].decode(Int.self, at: 0) == 28)
    }
}
