import KilnPostgres

/// Reads and writes the overviews of runs' series (`metric_overviews`, see `MetricOverview`). An overview
/// that exists summarises every stored point of its run: the table's triggers delete a run's overviews
/// whenever its points change.
package struct MetricOverviewStore {
    package let connection: Connection

    package init(connection: Connection) {
        self.connection = connection
    }

    /// The stored overviews of the given runs, by run and metric name; a run without one is absent.
    package func overviews(runIDs: [Int64]) throws -> [Int64: [String: MetricOverview]] {
        var overviews: [Int64: [String: MetricOverview]] = [:]
        try connection.withRows(
            "SELECT run_id, name, points, steps, vals FROM metric_overviews WHERE run_id = ANY($1::bigint[])",
            [runIDs], binary: true
        ) { rows in
            for row in 0..<rows.count {
                overviews[rows.int64(row, 0), default: [:]][rows.string(row, 1)] = MetricOverview(
                    steps: rows.int64s(row, 3).map(Int.init), values: rows.float64s(row, 4),
                    points: Int(rows.int64(row, 2)))
            }
        }
        return overviews
    }

    /// Stores `overviews` (every series of each of these runs), replacing older ones. Only for ended runs: a
    /// point stored after the overview was computed would be missing from it.
    package func store(_ overviews: [Int64: [String: MetricOverview]]) throws {
        try connection.withTransaction { connection in
            for (runID, byName) in overviews.sorted(by: { $0.key < $1.key }) {
                for (name, overview) in byName.sorted(by: { $0.key < $1.key }) {
                    try connection.execute(
                        """
                        INSERT INTO metric_overviews (run_id, name, points, steps, vals)
                        VALUES ($1, $2, $3, $4::bigint[], $5::float8[])
                        ON CONFLICT (run_id, name) DO UPDATE
                        SET points = excluded.points, steps = excluded.steps, vals = excluded.vals
                        """, [runID, name, overview.points, overview.steps, overview.values])
                }
            }
        }
    }

    /// Reads every point of the ended runs `runIDs` and stores their overviews; returns them.
    @discardableResult
    package func refresh(runIDs: [Int64]) throws -> [Int64: [String: MetricOverview]] {
        let overviews = try MetricStore(connection: connection).series(runIDs: runIDs).mapValues {
            $0.mapValues { MetricOverview($0) }
        }
        try store(overviews)
        return overviews
    }
}
