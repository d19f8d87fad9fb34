import ArgumentParser
import KilnFit
import KilnProtocol

struct FitSchedule: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Fit a loss-curve law on some runs and predict others from their LR schedules.",
        discussion: """
            Input is a sweep's runs or a CSV with run,step,lr,loss columns (rows may be every k-th step; the LR between \
            rows is interpolated). Laws: the LR-annealing law (Tissue et al. 2024) and the multi-power law (Luo et al. \
            2025); `both` fits the two and reports their predictions side by side. Each run is fitted from the later of \
            its warmup's end and 10% of its steps (--from-step N instead), at about --fit-points of its rows; parameters \
            left on a bound are named in warnings. See docs/fitting.md.

            Examples: kiln fit schedule quickstart --law both --train-on schedulecosine --predict schedulewsd
                      kiln fit schedule --csv curves.csv --law both --train-on cosine-1 --predict wsd-1 --warmup-steps 100
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "Sweep whose runs to fit.") var sweep: String?
    @Option(help: "Sweep input: the loss metric (default train/loss).") var metric: String?
    @Option(help: "Fit a CSV file instead of a sweep.") var csv: String?
    @Option(help: "Law: annealing, multipower or both.") var law: Law = .annealing
    @Option(parsing: .upToNextOption, help: "Runs to fit on (a name, or text that every chosen run's name contains).")
    var trainOn: [String]
    @Option(parsing: .upToNextOption, help: "Runs to predict from their schedules alone.") var predict: [String] = []
    @Option(help: "Steps of linear warmup to the peak that preceded the first row (0: detect a rising start).")
    var warmupSteps = 0
    @Option(help: "First step fitted on every run (default: after warmup and the first 10% of each run).") var fromStep:
        Int?
    @Option(help: "Rows of each run the laws are evaluated at, at most about (0: every row of the fit window).")
    var fitPoints = 256
    @Option(help: "The annealing law's momentum λ (default: chosen from 0.99, 0.995, 0.999, 0.9995).") var lambda:
        Double?
    @Option(help: "Bootstrap resamples for intervals (block bootstrap of the log residuals; 0 for none).")
    var bootstrap = 0
    @Option(help: "Seed of the bootstrap.") var seed: UInt64 = 0
    @Option(help: "Run column.") var runCol = "run"
    @Option(help: "Step column.") var stepCol = "step"
    @Option(help: "Learning-rate column.") var lrCol = "lr"
    @Option(help: "Loss column.") var lossCol = "loss"
    @Flag(help: "Print JSON instead of a table.") var json = false

    enum Law: String, ExpressibleByArgument, CaseIterable { case annealing, multipower, both }

    func validate() throws {
        guard !trainOn.isEmpty else { throw ValidationError("name at least one run with --train-on RUN") }
        guard warmupSteps >= 0 else { throw ValidationError("--warmup-steps must not be negative") }
        guard (fromStep ?? 0) >= 0 else { throw ValidationError("--from-step must not be negative") }
        guard fitPoints >= 0 else { throw ValidationError("--fit-points must not be negative") }
    }

    func run() async throws {
        var columns = LossCurve.Columns()
        (columns.run, columns.step, columns.lr, columns.loss) = (runCol, stepCol, lrCol, lossCol)
        let input = try FitInput(sweep: sweep, csv: csv, store: store)
        let (curves, fitted) = try input.lossCurves(columns: columns, warmupSteps: warmupSteps, metric: metric)
        /// A name selects the run of that name, or else every run whose name contains it.
        func select(_ names: [String]) throws -> [LossCurve] {
            try names.flatMap { name in
                if let exact = curves.first(where: { $0.run == name }) { return [exact] }
                let matching = curves.filter { $0.run.contains(name) }
                guard !matching.isEmpty else {
                    throw FitError(.unknownRun(name, available: curves.map(\.run)), source: csv)
                }
                return matching
            }
        }
        let (train, held) = (try select(trainOn), try select(predict))
        var options = ScheduleFitOptions()
        (options.lambda, options.bootstrap, options.seed) = (lambda, bootstrap, seed)
        (options.window.fromStep, options.maxFitPoints) = (fromStep, fitPoints)
        var reports: [(String, any FitReport)] = []
        if law != .multipower {
            reports.append(("annealing", try AnnealingLaw.fit(curves: train, options: options).predicting(held)))
        }
        if law != .annealing {
            reports.append(("multipower", try MultiPowerLaw.fit(curves: train, options: options).predicting(held)))
        }
        let inputs = { JSONValue.array((train + held).map(\.json)) }
        for (_, report) in reports { try input.save(report, metric: fitted, inputs: inputs()) }
        if json {
            print(
                reports.count == 1
                    ? reports[0].1.json.serialized() : JSONValue.object(reports.map { ($0.0, $0.1.json) }).serialized())
        } else {
            print(reports.map { $0.1.table() }.joined(separator: "\n\n"))
        }
    }
}
