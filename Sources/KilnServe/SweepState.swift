import KilnPostgres
import KilnStore

/// `GET /api/sweeps/ID`: what the live page follows, as JSON: the sweep's version and each run's state,
/// step and number of stored points.
struct SweepState: Codable, Sendable {
    struct Run: Codable, Sendable {
        var id: Int64
        var name: String
        var status: String
        var step: Int?
        var totalSteps: Int?
        var points: Int
    }

    var id: Int64
    var name: String
    /// The server's version of the sweep (grows with every change it was notified of).
    var version: Int
    var runs: [Run]

    /// The state of sweep `id`, or nil when there is none.
    static func load(id: Int64, version: Int, connection: Connection) throws -> SweepState? {
        guard let sweep = try SweepStore(connection: connection).all().first(where: { $0.id == id }) else { return nil }
        let records = try RunStore(connection: connection).runs(sweepID: id)
        // Ended runs' counts come with their overviews; only the others' points are counted.
        var points: [Int64: Int] = [:]
        for row in try connection.query(
            """
            SELECT o.run_id, sum(o.points) FROM metric_overviews o JOIN runs r ON r.id = o.run_id
            WHERE r.sweep_id = $1 GROUP BY o.run_id
            """, [id])
        {
            points[try row.decode(Int64.self, at: 0)] = try row.decode(Int.self, at: 1)
        }
        for row in try connection.query(
            "SELECT run_id, count(*) FROM metrics WHERE run_id = ANY($1::bigint[]) GROUP BY run_id",
            [records.map(\.id).filter { points[$0] == nil }])
        {
            points[try row.decode(Int64.self, at: 0)] = try row.decode(Int.self, at: 1)
        }
        return SweepState(
            id: id, name: sweep.name, version: version,
            runs: records.map {
                Run(
                    id: $0.id, name: $0.name, status: $0.status.rawValue, step: $0.progressStep,
                    totalSteps: $0.totalSteps, points: points[$0.id] ?? 0)
            })
    }
}
