import ArgumentParser
import KilnFit

/// Where a fit's data comes from: a CSV file, or a sweep in the store.
enum FitInput {
    case csv(path: String)
    case sweep(String, StoreFitData)

    /// Exactly one of a sweep name and `--csv FILE`; the store is opened only for a sweep.
    init(sweep: String?, csv: String?, store: StoreOptions) throws {
        switch (sweep, csv) {
        case let (nil, path?): self = .csv(path: path)
        case let (name?, nil): self = .sweep(name, StoreFitData(connection: try store.connect()))
        case (nil, nil): throw ValidationError("give a sweep name or --csv FILE")
        case (_?, _?): throw ValidationError("give either a sweep name or --csv FILE, not both")
        }
    }

    /// Scaling points: each run's final validation loss, parameter count and tokens (or the CSV's rows), and
    /// the metric used as the loss (`nil` for a CSV).
    func scalingData(columns: ScalingData.Columns, metric: String?) throws -> (data: ScalingData, metric: String?) {
        switch self {
        case let .csv(path): (try ScalingData(csv: CSVTable(contentsOfFile: path), columns: columns), nil)
        case let .sweep(name, store): try store.scalingData(sweep: name, metric: metric)
        }
    }

    /// Every run's loss curve (run, step, lr, loss), and the metric used as the loss (`nil` for a CSV).
    func lossCurves(columns: LossCurve.Columns, warmupSteps: Int, metric: String?) throws -> (curves: [LossCurve], metric: String?) {
        switch self {
        case let .csv(path):
            (try LossCurve.curves(csv: CSVTable(contentsOfFile: path), columns: columns, warmupSteps: warmupSteps), nil)
        case let .sweep(name, store): try store.lossCurves(sweep: name, metric: metric, warmupSteps: warmupSteps)
        }
    }

    /// Saves the fit of `metric` in the store when the data came from a sweep.
    func save(_ report: any FitReport, metric: String?, inputs: JSONValue) throws {
        if case let .sweep(name, store) = self { try store.save(report, sweep: name, metric: metric, inputs: inputs) }
    }
}
