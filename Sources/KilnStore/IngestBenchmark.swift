import Foundation
import KilnPostgres

/// Measures metric ingestion (`MetricStore.ingest`) against `psql \copy` of the same rows into the
/// same table: the physical limit of loading these rows on this machine.
package struct IngestBenchmark {
    /// Throughput of one path.
    package struct Measurement: Sendable {
        package var rows: Int
        package var seconds: Double
        package var rowsPerSecond: Double { Double(rows) / seconds }
    }

    package var rows: Int
    /// Points per `ingest` call (the scheduler sends smaller batches; larger ones amortise the round trip).
    package var batch: Int

    package init(rows: Int, batch: Int) {
        self.rows = rows
        self.batch = batch
    }

    /// Run ids used for the benchmark's rows (no run has a negative id); deleted before and after.
    static let kilnRun: Int64 = -101, psqlRun: Int64 = -102

    /// Rows that look like a trainer's: four metrics, fractional values.
    func points(runID: Int64) -> [MetricPoint] {
        let names = ["train/loss", "lr", "grad_norm", "val/prose/loss"]
        return (0..<rows).map { i in
            MetricPoint(runID: runID, name: names[i % 4], step: i / 4, value: 2.0 + sin(Double(i)) * 0.731_234_567)
        }
    }

    /// Times `MetricStore.ingest` over all rows.
    package func measureKiln(_ connection: Connection) throws -> Measurement {
        try clear(connection)
        defer { try? clear(connection) }
        let points = points(runID: Self.kilnRun)
        let store = MetricStore(connection: connection)
        let start = DispatchTime.now()
        var index = 0
        while index < points.count {
            let end = min(index + batch, points.count)
            try store.ingest(Array(points[index..<end]))
            index = end
        }
        return Measurement(rows: rows, seconds: Self.seconds(since: start))
    }

    /// Times `psql -c "\copy metrics … FROM file"` of the same rows, written to a TSV file first (not timed).
    package func measurePsql(_ connection: Connection, psql: String = "/usr/bin/psql") throws -> Measurement {
        try clear(connection)
        defer { try? clear(connection) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-bench-\(getpid()).tsv").path
        defer { unlink(path) }
        var text = ""
        text.reserveCapacity(rows * 40)
        for point in points(runID: Self.psqlRun) {
            text += "\(point.runID)\t\(point.name)\t\(point.step)\t\(point.value)\n"
        }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o644)
        let start = DispatchTime.now()
        try ExternalCommand(argv: [
            psql, connection.url, "-v", "ON_ERROR_STOP=1", "-qc",
            "\\copy metrics (run_id, name, step, value) FROM '\(path)'",
        ]).check()
        let seconds = Self.seconds(since: start)
        let stored = try connection.query("SELECT count(*) FROM metrics WHERE run_id = $1", [Self.psqlRun])[0].decode(
            Int.self, at: 0)
        guard stored == rows else { throw StoreError.invalid("psql stored \(stored) of \(rows) rows") }
        return Measurement(rows: rows, seconds: seconds)
    }

    private func clear(_ connection: Connection) throws {
        try connection.execute("DELETE FROM metrics WHERE run_id IN ($1, $2)", [Self.kilnRun, Self.psqlRun])
        try connection.execute("VACUUM metrics")
    }

    private static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}
