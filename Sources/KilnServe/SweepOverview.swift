import Foundation
import KilnPostgres
import KilnStore

/// One sweep on the home page: runs by state, compute spent, progress, last activity and an estimate of
/// the time left.
package struct SweepOverview: Sendable, Codable, Equatable {
    package var id: Int64
    package var name: String
    package var description: String
    package var pending: Int
    package var running: Int
    package var succeeded: Int
    package var failed: Int
    package var cancelled: Int
    /// Runs an `early_stop:` rule stopped.
    package var pruned: Int
    /// FLOPs of finished runs plus the trained share of the others (progress step / total steps).
    package var flopsSpent: Double
    /// FLOPs of every run, as planned.
    package var flopsPlanned: Double
    /// Seconds since 1970 of the latest start, heartbeat or finish (the sweep's creation before any).
    package var lastActivity: Double
    /// Seconds since 1970 of the first start, if a run started.
    package var firstStart: Double?

    /// Runs in the sweep.
    package var total: Int { pending + running + succeeded + failed + cancelled + pruned }

    /// Share of the work done, 0…1: by FLOPs when the plan knows them, else by finished runs.
    package var progress: Double {
        if flopsPlanned > 0 { return min(1, flopsSpent / flopsPlanned) }
        return total == 0 ? 0 : Double(succeeded + failed + cancelled + pruned) / Double(total)
    }

    /// Seconds left at the pace so far (elapsed since the first start × left / done), while runs are
    /// pending or running; nil before any progress.
    package func secondsLeft(now: Double) -> Double? {
        guard pending + running > 0, let firstStart, progress > 0, progress < 1 else { return nil }
        return (now - firstStart) * (1 - progress) / progress
    }

    /// Every sweep, newest activity first.
    package static func all(_ connection: Connection) throws -> [SweepOverview] {
        try connection.query(
            """
            SELECT s.id, s.name, s.description,
                count(r.id) FILTER (WHERE r.status = 'pending'), count(r.id) FILTER (WHERE r.status = 'running'),
                count(r.id) FILTER (WHERE r.status = 'succeeded'), count(r.id) FILTER (WHERE r.status = 'failed'),
                count(r.id) FILTER (WHERE r.status = 'cancelled'), count(r.id) FILTER (WHERE r.status = 'pruned'),
                coalesce(sum(coalesce(r.flops, 0) * CASE
                    WHEN r.status = 'succeeded' THEN 1.0
                    WHEN r.total_steps > 0 AND r.progress_step IS NOT NULL
                        THEN least(1.0, r.progress_step::float8 / r.total_steps)
                    ELSE 0.0 END), 0)::float8,
                coalesce(sum(r.flops), 0)::float8,
                extract(epoch FROM greatest(s.created_at, max(r.started_at), max(r.heartbeat_at), max(r.finished_at)))::float8,
                extract(epoch FROM min(r.started_at))::float8
            FROM sweeps s LEFT JOIN runs r ON r.sweep_id = s.id
            GROUP BY s.id ORDER BY 13 DESC, s.name
            """
        ).map { row in
            SweepOverview(
                id: try row.decode(at: 0), name: try row.decode(at: 1), description: try row.decode(at: 2),
                pending: try row.decode(at: 3), running: try row.decode(at: 4), succeeded: try row.decode(at: 5),
                failed: try row.decode(at: 6), cancelled: try row.decode(at: 7), pruned: try row.decode(at: 8),
                flopsSpent: try row.decode(at: 9), flopsPlanned: try row.decode(at: 10),
                lastActivity: try row.decode(at: 11), firstStart: try row.decode(at: 12))
        }
    }
}
