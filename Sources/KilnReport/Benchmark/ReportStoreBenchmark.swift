import Foundation
import KilnPostgres
import KilnStore

/// `kiln bench report`: a synthetic sweep in the store, loaded and rendered as `kiln report` does.
package struct ReportStoreBenchmark {
    package let connection: Connection
    package let runs: Int
    package let points: Int

    package init(connection: Connection, runs: Int, points: Int) {
        self.connection = connection
        self.runs = runs
        self.points = points
    }

    /// Times of the two phases and the page.
    package struct Result: Sendable {
        package var loadSeconds: Double
        package var renderSeconds: Double
        package var html: String
    }

    static let sweepName = "kiln-bench-report"

    /// Fills the sweep (not timed), loads and renders it (timed), then deletes it.
    package func run() throws -> Result {
        let sweepID = try fill(named: Self.sweepName)
        defer { try? SweepStore(connection: connection).delete(id: sweepID) }
        let start = DispatchTime.now()
        let model = try ReportLoader(connection: connection).model(sweeps: [Self.sweepName], detail: .overview)
        let loaded = DispatchTime.now()
        let html = try HTMLReport.render(model)
        let rendered = DispatchTime.now()
        return Result(
            loadSeconds: Double(loaded.uptimeNanoseconds - start.uptimeNanoseconds) / 1e9,
            renderSeconds: Double(rendered.uptimeNanoseconds - loaded.uptimeNanoseconds) / 1e9, html: html)
    }

    /// Makes sweep `name` (replacing one of that name) with `runs` succeeded runs of `points` points of
    /// `train/loss`, `val/prose/loss` and `lr` each, and their overviews (as a worker writes them when a run
    /// ends); returns its id. `kiln bench serve` serves it.
    package func fill(named name: String) throws -> Int64 {
        let sweeps = SweepStore(connection: connection)
        if let old = try sweeps.sweep(named: name) { try sweeps.delete(id: old.id) }
        let sweepID = try sweeps.upsert(
            name: name, description: "synthetic", specText: "", specHash: "", specPath: nil)
        let newRuns = (0..<runs).map { index in
            var run = NewRun(
                name: "run-\(index)", stage: "main",
                params: #"{"lr": \#(0.001 * Double(1 + index % 10)), "width": \#(64 * (1 + index % 4))}"#,
                configHash: "\(index)")
            run.paramsCount = 100_000 * (1 + index % 4)
            run.tokens = points * 2048
            run.flops = 6 * Double(run.paramsCount! * run.tokens!)
            return run
        }
        try sweeps.register(newRuns, sweepID: sweepID)
        try connection.execute("UPDATE runs SET status = 'succeeded' WHERE sweep_id = $1", [sweepID])
        let ids = try RunStore(connection: connection).runs(sweepID: sweepID).map(\.id)
        let metrics = MetricStore(connection: connection)
        for (index, id) in ids.enumerated() {
            var batch: [MetricPoint] = []
            batch.reserveCapacity(points * 3)
            let scale = 1 + Double(index % 10) * 0.02
            for step in 0..<points {
                let x = Double(step + 1)
                batch.append(
                    MetricPoint(
                        runID: id, name: "train/loss", step: step * 10, value: scale * (1.8 + 3.7 * pow(x, -0.35))))
                batch.append(
                    MetricPoint(
                        runID: id, name: "val/prose/loss", step: step * 10, value: scale * (1.9 + 3.7 * pow(x, -0.33))))
                batch.append(
                    MetricPoint(
                        runID: id, name: "lr", step: step * 10, value: 0.003 * (1 - Double(step) / Double(points))))
            }
            try metrics.ingest(batch)
            try MetricOverviewStore(connection: connection).refresh(runIDs: [id])
        }
        return sweepID
    }
}
