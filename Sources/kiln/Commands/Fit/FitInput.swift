import ArgumentParser
import KilnAnalysis
import KilnFit
import KilnProtocol
import KilnStore

/// Where a fit's data comes from: a CSV file, or a sweep in the store (read through `SweepAnalysis`, as the
/// report reads it).
enum FitInput {
    case csv(path: String)
    case sweep(SweepRecord, SweepAnalysis)

    /// Exactly one of a sweep name and `--csv FILE`; the store is opened only for a sweep.
    init(sweep: String?, csv: String?, store: StoreOptions) throws {
        switch (sweep, csv) {
        case let (nil, path?): self = .csv(path: path)
        case let (name?, nil):
            let analysis = SweepAnalysis(connection: try store.connect())
            self = .sweep(try analysis.sweep(named: name), analysis)
        case (nil, nil): throw ValidationError("give a sweep name or --csv FILE")
        case (_?, _?): throw ValidationError("give either a sweep name or --csv FILE, not both")
        }
    }

    /// Scaling points: each run's final validation loss, parameter count and tokens (or the CSV's rows), and
    /// the metric used as the loss (`nil` for a CSV).
    func scalingData(columns: ScalingData.Columns, metric: String?) throws -> (data: ScalingData, metric: String?) {
        switch self {
        case let .csv(path): return (try ScalingData(csv: CSVTable(contentsOfFile: path), columns: columns), nil)
        case let .sweep(sweep, analysis):
            let inputs = try analysis.scalingInputs(sweep: sweep, metric: metric)
            return (inputs.data, inputs.metric)
        }
    }

    /// Every run's loss curve (run, step, lr, loss), and the metric used as the loss (`nil` for a CSV).
    func lossCurves(columns: LossCurve.Columns, warmupSteps: Int, metric: String?) throws -> (
        curves: [LossCurve], metric: String?
    ) {
        switch self {
        case let .csv(path):
            return (
                try LossCurve.curves(csv: CSVTable(contentsOfFile: path), columns: columns, warmupSteps: warmupSteps),
                nil
            )
        case let .sweep(sweep, analysis):
            let inputs = try analysis.lossCurves(sweep: sweep, metric: metric, warmupSteps: warmupSteps)
            return (inputs.curves, inputs.metric)
        }
    }

    /// Mixture points: each continual-pretraining run's N, D, domain ratio and final general and domain losses (or
    /// the CSV's rows), and the metrics used as the two losses (`nil` for a CSV).
    func mixtureData(generalMetric: String?, domainMetric: String?) throws -> (
        data: MixtureData, metrics: (general: String, domain: String)?
    ) {
        switch self {
        case let .csv(path): return (try MixtureData(csv: CSVTable(contentsOfFile: path)), nil)
        case let .sweep(sweep, analysis):
            let inputs = try analysis.mixtureInputs(
                sweep: sweep, generalMetric: generalMetric, domainMetric: domainMetric)
            return (inputs.data, (inputs.generalMetric, inputs.domainMetric))
        }
    }

    /// Saves the fit of `metric` in the store when the data came from a sweep (`inputs` is built only then: for
    /// long per-step curves it is large).
    func save(_ report: any FitReport, metric: String?, inputs: @autoclosure () -> JSONValue) throws {
        if case let .sweep(sweep, analysis) = self {
            try analysis.save(report, sweep: sweep, metric: metric, inputs: inputs())
        }
    }
}
