import Foundation
import KilnFit
import KilnLearningRate
import KilnPostgres
import KilnProtocol
import KilnStore

/// A sweep's runs as the early-stopping rule reads them from the store: each run's stored points of the metric
/// with its full planned schedule (from its registered parameters).
package enum EarlyStopCurves {
    /// Every run of `sweepID` with points of `metric` and a known schedule; a run counts as finished once it
    /// succeeded, and pruned once the rule stopped it. `planned` caches the planned learning rates by run id across calls.
    package static func load(
        sweepID: Int64, metric: String, connection: Connection, planned: inout [Int64: [Double]]
    ) throws -> [EarlyStopCurve] {
        let runs = try RunStore(connection: connection).runs(sweepID: sweepID)
        let series = try MetricStore(connection: connection).series(runIDs: runs.map(\.id), names: [metric])
        return runs.compactMap { run -> EarlyStopCurve? in
            guard let rows = series[run.id]?[metric], !rows.isEmpty else { return nil }
            if planned[run.id] == nil { planned[run.id] = plannedRates(params: run.params) }
            guard let rates = planned[run.id] else { return nil }
            var curve = EarlyStopCurve(
                run: run.name, plannedRates: rates, steps: rows.map(\.step), values: rows.map(\.value),
                finished: run.status == .succeeded)
            curve.pruned = run.status == .pruned
            return curve
        }
    }

    /// The planned learning rate of every step of a run whose parameters (a JSON object) are `params`; nil when
    /// they give no schedule and steps.
    package static func plannedRates(params: String) -> [Double]? {
        guard let object = try? JSONValue(parsing: params),
            let (schedule, steps) = TrainerEnvironment.plannedSchedule(in: object)
        else { return nil }
        return schedule.learningRates(count: steps)
    }
}
