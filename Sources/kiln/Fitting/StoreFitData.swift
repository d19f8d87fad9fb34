import Foundation
import KilnFit
import KilnPostgres
import KilnStore

/// Fit inputs read from a sweep in the store, and fits saved back to it.
struct StoreFitData {
    let connection: Connection

    /// The sweep named `name`, or an error listing the sweeps there are.
    func sweep(_ name: String) throws -> SweepRecord {
        let store = SweepStore(connection: connection)
        guard let sweep = try store.sweep(named: name) else {
            let known = try store.all().map(\.name)
            throw FitCommandError("no sweep named '\(name)' in the store" + (known.isEmpty ? "" : "; sweeps: \(known.joined(separator: ", "))"))
        }
        return sweep
    }

    /// Each succeeded run's final `metric` (default: the loss on the first eval set of the spec, else the first
    /// `val/*/loss` by name),
    /// planned parameter count, tokens and FLOPs. The FLOPs of an `isoflop:` run are its budget (the
    /// `budget` parameter), so runs of one budget group together even where whole steps round their FLOPs.
    func scalingData(sweep name: String, metric: String?) throws -> (data: ScalingData, metric: String?) {
        let sweep = try sweep(name)
        let runs = RunStore(connection: connection)
        let accounting = try runs.accounting(sweepID: sweep.id)
        let metrics = MetricStore(connection: connection)
        var finals: [(RunAccounting, [String: Double])] = [], evalSets: [String] = []
        for run in try runs.runs(sweepID: sweep.id) where run.status == .succeeded {
            if evalSets.isEmpty { evalSets = Self.evalSets(run.params) }
            guard var planned = accounting[run.id] else { continue }
            if let budget = Self.budget(run.params) { planned.flops = budget }
            finals.append((planned, try metrics.finalValues(runID: run.id)))
        }
        let chosen = try metric ?? defaultMetric(finals.flatMap(\.1.keys), evalSets: evalSets)
        let points: [(params: Double, tokens: Double, loss: Double, flops: Double?)] = finals.compactMap { planned, values in
            guard let n = planned.parameters, let d = planned.tokens, let loss = values[chosen] else { return nil }
            return (Double(n), Double(d), loss, planned.flops)
        }
        return (try ScalingData(points: points, source: "sweep \(name)"), chosen)
    }

    /// Every run's curve of `metric` (default `train/loss`) against its logged `lr`, named by run, and the metric.
    func lossCurves(sweep name: String, metric: String?, warmupSteps: Int) throws -> (curves: [LossCurve], metric: String?) {
        let sweep = try sweep(name)
        let runs = try RunStore(connection: connection).runs(sweepID: sweep.id)
        let loss = metric ?? "train/loss"
        let series = try MetricStore(connection: connection).series(runIDs: runs.map(\.id), names: [loss, "lr"])
        let curves = try runs.compactMap { run -> LossCurve? in
            guard let curves = series[run.id], let losses = curves[loss], let lrs = curves["lr"] else { return nil }
            let lrByStep = Dictionary(lrs.map { ($0.step, $0.value) }, uniquingKeysWith: { a, _ in a })
            let rows = losses.filter { lrByStep[$0.step] != nil && $0.value.isFinite }
            guard rows.count >= 3 else { return nil }
            return try LossCurve(
                run: run.name, steps: rows.map(\.step), lrs: rows.map { lrByStep[$0.step]! }, losses: rows.map(\.value),
                warmupSteps: warmupSteps)
        }
        return (curves, loss)
    }

    /// Saves a fit of `metric` made from sweep `name` in the `fits` table.
    func save(_ report: any FitReport, sweep name: String, metric: String?, inputs: JSONValue) throws {
        try FitStore(connection: connection).save(
            kind: report.method, sweepID: try sweep(name).id, metric: metric, inputs: inputs.serialized(pretty: false),
            parameters: (report.json["parameters"] ?? .object([])).serialized(pretty: false),
            summary: report.json.serialized(pretty: false))
    }

    /// The `budget` parameter of an isoflop run's parameters (a JSON object), if any.
    static func budget(_ params: String) -> Double? {
        let object = try? JSONSerialization.jsonObject(with: Data(params.utf8)) as? [String: Any]
        return (object?["budget"] as? NSNumber)?.doubleValue
    }

    /// The names of a run's eval sets in its spec's order (`params.eval`, a list of `{"name": …}`), if any.
    static func evalSets(_ params: String) -> [String] {
        let object = try? JSONSerialization.jsonObject(with: Data(params.utf8)) as? [String: Any]
        return (object?["eval"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }

    /// The loss on the first eval set the spec lists that the runs logged, else the first `val/*/loss` by name.
    private func defaultMetric(_ names: [String], evalSets: [String]) throws -> String {
        let validation = Set(names.filter { $0.hasPrefix("val/") && $0.hasSuffix("/loss") })
        guard let first = evalSets.map({ "val/\($0)/loss" }).first(where: validation.contains) ?? validation.min() else {
            throw FitCommandError("the sweep's runs have no val/*/loss metric; name one with --metric")
        }
        return first
    }
}

/// A fit command's error about its input, worded for the user.
struct FitCommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = "error: " + description }
}
