import KilnPostgres
import KilnProtocol
import Synchronization

/// The overviews of runs that have none stored yet (running ones), kept between loads (the pages of
/// `kiln serve`), so each load reads only the points stored since the last one: per metric, the points
/// after the last step read. A run's entry starts over when its attempt changes.
package final class OverviewCache: Sendable {
    private struct Entry: Sendable {
        var attempt: Int
        var builders: [String: MetricOverview.Builder] = [:]
    }

    private let entries = Mutex<[Int64: Entry]>([:])

    package init() {}

    /// The overviews of `runs` (id and current attempt), brought up to date.
    package func overviews(of runs: [(id: Int64, attempt: Int)], connection: Connection) throws
        -> [Int64: [String: MetricOverview]]
    {
        guard !runs.isEmpty else { return [:] }
        let marks = entries.withLock { entries in
            runs.flatMap { run -> [JSONValue] in
                guard let entry = entries[run.id], entry.attempt == run.attempt else { return [] }
                return entry.builders.compactMap { name, builder in
                    builder.lastStep.map {
                        .object([("run", .integer(Int(run.id))), ("name", .string(name)), ("after", .integer($0))])
                    }
                }
            }
        }
        var fresh: [Int64: [String: [(step: Int, value: Double)]]] = [:]
        try connection.withRows(
            """
            WITH marks AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS m(run bigint, name text, after bigint))
            SELECT r.id, n.name, p.step, p.value
            FROM unnest($1::bigint[]) AS r(id)
            CROSS JOIN LATERAL (
                -- The run's metric names, one index probe each.
                WITH RECURSIVE names(name) AS (
                    (SELECT name FROM metrics WHERE run_id = r.id ORDER BY name LIMIT 1)
                    UNION ALL
                    SELECT (SELECT m.name FROM metrics m WHERE m.run_id = r.id AND m.name > names.name ORDER BY m.name LIMIT 1)
                    FROM names WHERE names.name IS NOT NULL
                ) SELECT name FROM names WHERE name IS NOT NULL
            ) n
            LEFT JOIN marks ON marks.run = r.id AND marks.name = n.name
            CROSS JOIN LATERAL (
                SELECT step, value FROM metrics m
                WHERE m.run_id = r.id AND m.name = n.name AND m.step > coalesce(marks.after, -9223372036854775808)
                ORDER BY m.step
            ) p
            """, [runs.map(\.id), JSONText(JSONValue.array(marks).serialized(pretty: false))], binary: true
        ) { rows in
            var index = 0
            while index < rows.count {
                let first = index, run = rows.int64(index, 0), name = rows.string(index, 1)
                var points: [(step: Int, value: Double)] = []
                while index < rows.count, rows.int64(index, 0) == run, rows.sameText(index, first, 1) {
                    points.append((Int(rows.int64(index, 2)), rows.float64(index, 3)))
                    index += 1
                }
                fresh[run, default: [:]][name] = points
            }
        }
        return entries.withLock { entries in
            var overviews: [Int64: [String: MetricOverview]] = [:]
            for run in runs {
                var entry =
                    entries[run.id].flatMap { $0.attempt == run.attempt ? $0 : nil } ?? Entry(attempt: run.attempt)
                // Points another load appended meanwhile are ignored: a builder takes only later steps.
                for (name, points) in fresh[run.id] ?? [:] {
                    for point in points {
                        entry.builders[name, default: MetricOverview.Builder()].append(
                            step: point.step, value: point.value)
                    }
                }
                entries[run.id] = entry
                overviews[run.id] = entry.builders.mapValues(\.overview)
            }
            return overviews
        }
    }

    /// Drops the entries of `runIDs` (they ended and have stored overviews).
    package func forget(_ runIDs: some Sequence<Int64>) {
        entries.withLock { entries in
            for id in runIDs { entries[id] = nil }
        }
    }
}
