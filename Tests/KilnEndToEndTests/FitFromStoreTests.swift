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
                // Trained on prose, evaluated on prose then code: the default metric is val/prose/loss.
                let params =
                    #"{"budget": \#(budget), "eval": [{"name": "prose", "source": "prose"}, {"name": "code", "source": "code"}]}"#
                var run = NewRun(name: "b\(budget)-n\(n)", stage: "main", params: params, configHash: "\(budget)\(n)")
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
            points.append(
                MetricPoint(runID: try row.decode(at: 0), name: "val/prose/loss", step: 100, value: finals[row[1]!]!))
            points.append(
                MetricPoint(
                    runID: try row.decode(at: 0), name: "val/code/loss", step: 100, value: pow(finals[row[1]!]!, 2)))
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
        let kinds = try connection.query("SELECT kind FROM fits WHERE sweep_id = $1 ORDER BY kind", [sweep]).map {
            $0[0]
        }
        #expect(kinds == ["chinchilla-approach-1", "chinchilla-approach-2", "chinchilla-approach-3"])
        let inputs = try connection.query(
            "SELECT jsonb_array_length(inputs) FROM fits WHERE kind = 'chinchilla-approach-3'")
        #expect(try inputs[0].decode(Int.self, at: 0) == 28)
        let metrics = try connection.query("SELECT DISTINCT metric FROM fits WHERE sweep_id = $1", [sweep]).map {
            $0[0]
        }
        #expect(metrics == ["val/prose/loss"], "each fit stores the metric it was made on")

        // The report shows these saved fits as saved, not a refit of its own.
        let project = try ChildProcess.temporaryDirectory("kiln-fit-scaling-report")
        defer { try? FileManager.default.removeItem(atPath: project) }
        let report = try ChildProcess.run([
            ChildProcess.kiln, "report", "grid", "-o", project + "/r.html", "--database-url", FreshDatabase.url,
        ])
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOfFile: project + "/r.html", encoding: .utf8)
        let start = try #require(html.range(of: "<section id=\"scaling\"")).lowerBound
        let section = String(html[start...]).components(separatedBy: "</section>")[0]
        for approach in 1...3 { #expect(section.contains("Chinchilla Approach \(approach)"), "\(section)") }
        #expect(section.contains("Fitted on val/prose/loss from 28 runs of grid by kiln fit scaling"), "\(section)")
        #expect(!section.contains("No scaling fit saved"))
    }

    @Test(.freshDatabase)
    func aScheduleFitStoresItsMetricAndTheReportScoresItAgainstThatMetric() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let sweeps = SweepStore(connection: connection)
        let sweep = try sweeps.upsert(name: "demo", description: "", specText: "", specHash: "h", specPath: nil)
        try sweeps.register(
            ["cosine", "wsd"].map { NewRun(name: $0, stage: "main", params: "{}", configHash: $0) }, sweepID: sweep)
        // Validation loss sits 0.5 above training loss: scored against train/loss, a val/prose/loss fit is far off.
        var points: [MetricPoint] = []
        for row in try connection.query("SELECT id, name FROM runs") {
            let (run, name) = (try row.decode(Int64.self, at: 0), row[1]!)
            var area = 0.0
            for step in stride(from: 0, through: 1000, by: 10) {
                let progress = Double(step) / 1000, peak = 3e-3
                let lr =
                    name == "cosine"
                    ? peak * (0.1 + 0.45 * (1 + cos(.pi * progress)))
                    : progress < 0.8 ? peak : peak * (1 - progress) / 0.2
                area += lr * 10
                let loss = 2.5 + 2 * pow(1 + area / peak / 20, -0.5) - 0.3 * (peak - lr) / peak
                points += [
                    MetricPoint(runID: run, name: "lr", step: step, value: lr),
                    MetricPoint(runID: run, name: "train/loss", step: step, value: loss),
                    MetricPoint(runID: run, name: "val/prose/loss", step: step, value: loss + 0.5),
                ]
            }
        }
        try MetricStore(connection: connection).ingest(points)
        let url = ["--database-url", FreshDatabase.url]
        let fit = try ChildProcess.run(
            [
                ChildProcess.kiln, "fit", "schedule", "demo", "--metric", "val/prose/loss", "--train-on", "cosine",
                "--predict", "wsd",
            ] + url)
        #expect(fit.status == 0, "\(fit.stderr)")
        #expect(try connection.query("SELECT metric FROM fits").map { $0[0] } == ["val/prose/loss"])

        let project = try ChildProcess.temporaryDirectory("kiln-fit-report")
        defer { try? FileManager.default.removeItem(atPath: project) }
        let report = try ChildProcess.run([ChildProcess.kiln, "report", "demo", "-o", project + "/r.html"] + url)
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOfFile: project + "/r.html", encoding: .utf8)
        let start = try #require(html.range(of: "<section id=\"fits\"")).lowerBound
        let section = String(html[start...]).components(separatedBy: "</section>")[0]
        #expect(section.contains(">val/prose/loss</td>"), "the fit is shown with its metric: \(section)")
        #expect(!section.contains(">train/loss</td>"))
        // The RMSE cell (its sort key) against the fitted metric is small; against train/loss it would be about 0.5.
        let rmse = section.components(separatedBy: "data-sort=\"").dropFirst().compactMap {
            Double($0.prefix { $0 != "\"" })
        }
        #expect(rmse.first.map { $0 < 0.25 } == true, "RMSE against val/prose/loss: \(rmse)")
    }
}
