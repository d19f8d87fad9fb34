import ArgumentParser
import KilnFit

/// Where a fit's data comes from: a CSV file, or a sweep in the store.
enum FitInput {
    case csv(path: String)
    case sweep(String)

    /// Exactly one of a sweep name and `--csv FILE`.
    init(sweep: String?, csv: String?) throws {
        switch (sweep, csv) {
        case let (nil, path?): self = .csv(path: path)
        case let (name?, nil): self = .sweep(name)
        case (nil, nil): throw ValidationError("give a sweep name or --csv FILE")
        case (_?, _?): throw ValidationError("give either a sweep name or --csv FILE, not both")
        }
    }

    /// Scaling points: each run's final validation loss, parameter count and tokens (or the CSV's rows).
    func scalingData(columns: ScalingData.Columns) throws -> ScalingData {
        switch self {
        case let .csv(path): try ScalingData(csv: CSVTable(contentsOfFile: path), columns: columns)
        case let .sweep(name): throw Self.storeNotYet(name)
        }
    }

    /// Every run's loss curve (run, step, lr, loss).
    func lossCurves(columns: LossCurve.Columns, warmupSteps: Int) throws -> [LossCurve] {
        switch self {
        case let .csv(path): try LossCurve.curves(csv: CSVTable(contentsOfFile: path), columns: columns, warmupSteps: warmupSteps)
        case let .sweep(name): throw Self.storeNotYet(name)
        }
    }

    private static func storeNotYet(_ sweep: String) -> ValidationError {
        ValidationError("reading sweep '\(sweep)' from the store arrives with the scheduler; for now export it and use --csv FILE")
    }
}
