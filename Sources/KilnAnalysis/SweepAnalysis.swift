import Foundation
import KilnFit
import KilnPostgres
import KilnProtocol
import KilnStore

/// Where stored data becomes a fit: the one reader of a sweep's runs as fit inputs, and of the fits saved
/// for it. `kiln fit` fits what it reads and saves the result here; the report shows what was saved.
package struct SweepAnalysis {
    /// The store.
    package let connection: Connection

    /// An analysis of the sweeps in the store at `connection`.
    package init(connection: Connection) {
        self.connection = connection
    }

    /// The sweep named `name`, or an error listing the sweeps there are.
    package func sweep(named name: String) throws -> SweepRecord {
        let store = SweepStore(connection: connection)
        guard let sweep = try store.sweep(named: name) else {
            throw AnalysisError.unknownSweep(name, known: try store.all().map(\.name))
        }
        return sweep
    }

    /// Each succeeded run's final `metric` (default: ``DefaultMetric/validationLoss(among:evalSets:)`` with the
    /// eval sets of the sweep's spec), planned parameter count, tokens and FLOPs (an `isoflop:` run's budget).
    package func scalingInputs(sweep: SweepRecord, metric: String?) throws -> ScalingInputs {
        let runs = RunStore(connection: connection)
        let accounting = try runs.accounting(sweepID: sweep.id)
        let metrics = MetricStore(connection: connection)
        var finals: [(RunAccounting, [String: Double])] = [], evalSets: [String] = [], grid = false
        for run in try runs.runs(sweepID: sweep.id) where run.status == .succeeded {
            if evalSets.isEmpty { evalSets = DefaultMetric.evalSets(params: run.params) }
            guard var planned = accounting[run.id] else { continue }
            if let budget = Self.budget(run.params) { (planned.flops, grid) = (budget, true) }
            finals.append((planned, try metrics.finalValues(runID: run.id)))
        }
        guard let chosen = metric ?? DefaultMetric.validationLoss(among: finals.flatMap(\.1.keys), evalSets: evalSets)
        else {
            throw AnalysisError("the runs of sweep '\(sweep.name)' have no val/*/loss metric; name one with --metric")
        }
        let points: [(params: Double, tokens: Double, loss: Double, flops: Double?)] = finals.compactMap {
            planned, values in
            guard let n = planned.parameters, let d = planned.tokens, let loss = values[chosen] else { return nil }
            return (Double(n), Double(d), loss, planned.flops)
        }
        return ScalingInputs(
            data: try ScalingData(points: points, source: "sweep \(sweep.name)"), metric: chosen, isoFLOPGrid: grid)
    }

    /// Every run's curve of `metric` (default `train/loss`) against its logged `lr`, named by run.
    package func lossCurves(sweep: SweepRecord, metric: String?, warmupSteps: Int) throws -> LossCurveInputs {
        let runs = try RunStore(connection: connection).runs(sweepID: sweep.id)
        let loss = metric ?? "train/loss"
        let series = try MetricStore(connection: connection).series(runIDs: runs.map(\.id), names: [loss, "lr"])
        let curves = try runs.compactMap { run -> LossCurve? in
            guard let curves = series[run.id], let losses = curves[loss], let lrs = curves["lr"] else { return nil }
            let lrByStep = Dictionary(lrs.map { ($0.step, $0.value) }, uniquingKeysWith: { a, _ in a })
            let rows = losses.compactMap { row in lrByStep[row.step].map { (step: row.step, lr: $0, loss: row.value) } }
                .filter { $0.loss.isFinite }
            guard rows.count >= 3 else { return nil }
            return try LossCurve(
                run: run.name, steps: rows.map(\.step), lrs: rows.map(\.lr), losses: rows.map(\.loss),
                warmupSteps: warmupSteps)
        }
        return LossCurveInputs(curves: curves, metric: loss)
    }

    /// Saves `report`, a fit of `metric` made from `sweep` with `inputs`, in the `fits` table.
    package func save(_ report: any FitReport, sweep: SweepRecord, metric: String?, inputs: JSONValue) throws {
        try FitStore(connection: connection).save(
            kind: report.method, sweepID: sweep.id, metric: metric, inputs: inputs.serialized(pretty: false),
            parameters: (report.json["parameters"] ?? .object([])).serialized(pretty: false),
            summary: report.json.serialized(pretty: false))
    }

    /// The latest saved fit of each kind for `sweep` (`chinchilla-approach-3`, `annealing-law`, …), by kind.
    package func savedFits(sweep: SweepRecord) throws -> [FitRecord] {
        var latest: [String: FitRecord] = [:]
        // Newest first: the first of each kind is its latest.
        for fit in try FitStore(connection: connection).fits(sweepID: sweep.id) where latest[fit.kind] == nil {
            latest[fit.kind] = fit
        }
        return latest.values.sorted { $0.kind < $1.kind }
    }

    /// The `budget` parameter of an `isoflop:` run's parameters (a JSON object), if any.
    static func budget(_ params: String) -> Double? {
        (try? JSONValue(parsing: params))?["budget"]?.doubleValue
    }
}
