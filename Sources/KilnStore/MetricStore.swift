import Foundation
import KilnPostgres
import Synchronization

/// Writes and reads metric points. Ingestion is idempotent: a point already stored for
/// (run, name, step) is kept and the new one ignored, so re-sending a batch never duplicates.
package final class MetricStore {
    package let connection: Connection
    private var stagingReady = false

    package init(connection: Connection) {
        self.connection = connection
    }

    /// Stores `points`; returns how many were new.
    ///
    /// Fresh points (the common case) go straight into `metrics` with one COPY. When that COPY
    /// meets a point already stored (a resumed run re-sending its last steps), the batch goes
    /// through a staging table and `INSERT … ON CONFLICT DO NOTHING` instead.
    @discardableResult
    package func ingest(_ points: [MetricPoint]) throws -> Int {
        guard !points.isEmpty else { return 0 }
        do {
            return try copy(points, into: "metrics")
        } catch let error as PostgresError where error.isUniqueViolation {
            return try ingestThroughStaging(points)
        }
    }

    private func ingestThroughStaging(_ points: [MetricPoint]) throws -> Int {
        if !stagingReady {
            try connection.onEverySession {
                try $0.execute("CREATE TEMP TABLE IF NOT EXISTS metrics_stage (LIKE metrics INCLUDING DEFAULTS)")
            }
            stagingReady = true
        }
        return try connection.withTransaction { connection in
            try connection.execute("TRUNCATE metrics_stage")
            _ = try copy(points, into: "metrics_stage")
            return try connection.execute(
                """
                INSERT INTO metrics (run_id, name, step, value, recorded_at)
                SELECT run_id, name, step, value, recorded_at FROM metrics_stage
                ON CONFLICT (run_id, name, step) DO NOTHING
                """)
        }
    }

    private func copy(_ points: [MetricPoint], into table: String) throws -> Int {
        try connection.copyIn("COPY \(table) (run_id, name, step, value) FROM STDIN") { writer in
            for point in points {
                writer.field(Int(point.runID))
                writer.field(point.name)
                writer.field(point.step)
                writer.field(point.value)
                try writer.endRow()
            }
        }
    }

    /// The number of points stored for `runID` (all metrics, or one).
    package func count(runID: Int64, name: String? = nil) throws -> Int {
        let rows = try connection.query(
            "SELECT count(*) FROM metrics WHERE run_id = $1 AND ($2::text IS NULL OR name = $2)", [runID, name])
        return try rows[0].decode(Int.self, at: 0)
    }

    /// One metric of one run, ordered by step.
    package func series(runID: Int64, name: String) throws -> [(step: Int, value: Double)] {
        try connection.query(
            "SELECT step, value FROM metrics WHERE run_id = $1 AND name = $2 ORDER BY step", [runID, name]
        ).map { (try $0.decode(Int.self, at: 0), try $0.decode(Double.self, at: 1)) }
    }

    /// Every point of the given runs, ordered by run, name and step.
    package func points(runIDs: [Int64]) throws -> [MetricPoint] {
        try connection.query(
            "SELECT run_id, name, step, value FROM metrics WHERE run_id = ANY($1::bigint[]) ORDER BY run_id, name, step",
            [runIDs]
        ).map {
            MetricPoint(
                runID: try $0.decode(Int64.self, at: 0), name: try $0.decode(String.self, at: 1),
                step: try $0.decode(Int.self, at: 2), value: try $0.decode(Double.self, at: 3))
        }
    }

    /// The last value of every metric of `runID`.
    package func finalValues(runID: Int64) throws -> [String: Double] {
        var values: [String: Double] = [:]
        for row in try connection.query(
            "SELECT DISTINCT ON (name) name, value FROM metrics WHERE run_id = $1 ORDER BY name, step DESC", [runID])
        {
            values[try row.decode(String.self, at: 0)] = try row.decode(Double.self, at: 1)
        }
        return values
    }

    /// Deletes the points of the given runs.
    package func delete(runIDs: [Int64]) throws {
        try connection.execute("DELETE FROM metrics WHERE run_id = ANY($1::bigint[])", [runIDs])
    }
}

extension MetricStore {
    /// A run's series by metric name, each ordered by step.
    package typealias RunSeries = [String: [(step: Int, value: Double)]]

    /// Every series of the given runs (optionally only the metrics in `names`), by run and metric name,
    /// ordered by step. Large reads are split between this connection and a second one on another
    /// thread, so the server and the parsing of values in place use both cores.
    package func series(runIDs: [Int64], names: [String]? = nil) throws -> [Int64: RunSeries] {
        let nameList = try names.map { try JSONText(encoding: $0) }
        guard runIDs.count > 200 else { return try Self.series(runIDs[...], names: nameList, on: connection) }
        let half = runIDs.count / 2
        let url = connection.url, second = Array(runIDs[half...])
        let other = Outcome()
        let thread = Thread {
            let read = Result {
                try Self.series(second[...], names: nameList, on: Connection(url: url, applicationName: "kiln-read"))
            }
            other.value.withLock { $0 = read }
            other.done.signal()
        }
        thread.start()
        var series = try Self.series(runIDs[..<half], names: nameList, on: connection)
        other.done.wait()
        guard let read = other.value.withLock({ $0 }) else {
            preconditionFailure("the reader signalled without a result")
        }
        series.merge(try read.get()) { first, _ in first }
        return series
    }

    /// The result of the second reader thread, handed over once `done` is signalled.
    private final class Outcome: Sendable {
        let value = Mutex<Result<[Int64: RunSeries], any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
    }

    private static func series(_ runIDs: ArraySlice<Int64>, names: JSONText?, on connection: Connection) throws
        -> [Int64: RunSeries]
    {
        var series: [Int64: RunSeries] = [:]
        for start in stride(from: runIDs.startIndex, to: runIDs.endIndex, by: 100) {
            let chunk = runIDs[start..<min(start + 100, runIDs.endIndex)]
            try connection.withRows(
                """
                SELECT run_id, name, step, value FROM metrics
                WHERE run_id = ANY($1::bigint[])
                  AND ($2::jsonb IS NULL OR name IN (SELECT jsonb_array_elements_text($2::jsonb)))
                ORDER BY run_id, name, step
                """, [Array(chunk), names]
            ) { rows in
                var index = 0
                while index < rows.count {
                    let first = index, run = Int64(rows.int(index, 0)), name = rows.string(index, 1)
                    var points: [(step: Int, value: Double)] = []
                    while index < rows.count, rows.int(index, 0) == run, rows.sameText(index, first, 1) {
                        points.append((rows.int(index, 2), rows.double(index, 3)))
                        index += 1
                    }
                    series[run, default: [:]][name] = points
                }
            }
        }
        return series
    }
}
