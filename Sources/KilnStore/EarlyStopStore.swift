import Foundation
import KilnPostgres
import KilnProtocol

/// A sweep's early-stopping settings and the decisions of its rule (migration 7).
package struct EarlyStopStore {
    package let connection: Connection

    /// The store at `connection`.
    package init(connection: Connection) {
        self.connection = connection
    }

    /// Stores `settings` with the sweep (nil: the spec has no `early_stop:`, and runs are never pruned).
    package func setSettings(_ settings: EarlyStopSettings?, sweepID: Int64) throws {
        let text = try settings.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try connection.execute("UPDATE sweeps SET early_stop = $2::jsonb WHERE id = $1", [sweepID, text])
    }

    /// The sweep's settings; nil when it has none. Throws `StoreError` when the stored JSON does not decode.
    package func settings(sweepID: Int64) throws -> EarlyStopSettings? {
        let row = try connection.query("SELECT early_stop::text FROM sweeps WHERE id = $1", [sweepID]).first
        guard let text: String = try row?.decode(String?.self, at: 0) else { return nil }
        do {
            return try JSONDecoder().decode(EarlyStopSettings.self, from: Data(text.utf8))
        } catch {
            throw StoreError.invalid("the early_stop settings stored with sweep \(sweepID) do not decode: \(error)")
        }
    }

    /// Stores a decision.
    package func record(_ decision: PruneDecision) throws {
        let curve = String(decoding: try JSONEncoder().encode(decision.curve), as: UTF8.self)
        try connection.execute(
            """
            INSERT INTO prune_decisions (run_id, step, metric, law, predicted_final, low, high, best_predicted,
                best_run, probability, curve)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)
            """,
            [
                decision.runID, decision.step, decision.metric, decision.law, decision.predictedFinal, decision.low,
                decision.high, decision.bestPredicted, decision.bestRun, decision.probability, curve,
            ])
    }

    /// Whether the rule ever stopped `runID` (a pruned run that `kiln retry` continues is not stopped again).
    package func wasPruned(runID: Int64) throws -> Bool {
        try !connection.query("SELECT 1 FROM prune_decisions WHERE run_id = $1 LIMIT 1", [runID]).isEmpty
    }

    /// The latest decision of each run of `sweepID` that has one, by run id.
    package func decisions(sweepID: Int64) throws -> [PruneDecision] {
        try connection.query(
            """
            SELECT DISTINCT ON (d.run_id) d.run_id, d.step, d.metric, d.law, d.predicted_final, d.low, d.high,
                d.best_predicted, d.best_run, d.probability, d.curve::text
            FROM prune_decisions d JOIN runs r ON r.id = d.run_id
            WHERE r.sweep_id = $1 ORDER BY d.run_id, d.id DESC
            """, [sweepID]
        ).map { row in
            let text: String = try row.decode(at: 10)
            let curve: PruneDecision.PredictedCurve
            do {
                curve = try JSONDecoder().decode(PruneDecision.PredictedCurve.self, from: Data(text.utf8))
            } catch {
                throw StoreError.invalid("a stored prune decision's curve does not decode: \(error)")
            }
            return PruneDecision(
                runID: try row.decode(at: 0), step: try row.decode(at: 1), metric: try row.decode(at: 2),
                law: try row.decode(at: 3), predictedFinal: try row.decode(at: 4), low: try row.decode(at: 5),
                high: try row.decode(at: 6), bestPredicted: try row.decode(at: 7), bestRun: try row.decode(at: 8),
                probability: try row.decode(at: 9), curve: curve)
        }
    }
}
