import ArgumentParser
import KilnFit
import KilnProtocol

struct FitScaling: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scaling",
        abstract: "Fit how loss scales with parameters N and tokens D (Chinchilla Approaches 1–3).",
        discussion: """
            Input is a sweep's finished runs or a CSV with params,tokens,loss columns (and optionally flops); extra \
            columns are ignored. Approach 3 fits L = E + A/N^alpha + B/D^beta; Approach 2 fits IsoFLOP parabolas \
            (budgets grouped by the flops column, or C = 6·N·D to 3 significant figures); Approach 1 the loss–FLOPs \
            envelope. See docs/fitting.md.

            Examples: kiln fit scaling scaling --approach all
                      kiln fit scaling --csv results.csv --approach all --bootstrap 200 --seed 1
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "Sweep whose finished runs to fit.") var sweep: String?
    @Option(help: "Sweep input: the final metric used as the loss (default: the loss on the spec's first eval set).")
    var metric: String?
    @Option(help: "Fit a CSV file instead of a sweep.") var csv: String?
    @Option(help: "Approach: 1, 2, 3 or all.") var approach: Approach = .three
    @Option(help: "Bootstrap resamples for Approach 3's intervals (0 for none).") var bootstrap = 100
    @Option(help: "Seed of the bootstrap.") var seed: UInt64 = 0
    @Option(help: "Approach 2: points on each side of a budget's minimum used for its parabola.") var isoflopWindow = 2
    @Option(help: "Parameter-count column.") var paramsCol = "params"
    @Option(help: "Token-count column.") var tokensCol = "tokens"
    @Option(help: "Loss column.") var lossCol = "loss"
    @Option(help: "FLOPs column (default 'flops', used when present; a named column must exist).") var flopsCol: String?
    @Flag(help: "Print JSON instead of a table.") var json = false

    enum Approach: String, ExpressibleByArgument, CaseIterable {
        case one = "1", two = "2", three = "3", all
    }

    func run() async throws {
        var columns = ScalingData.Columns()
        (columns.params, columns.tokens, columns.loss) = (paramsCol, tokensCol, lossCol)
        if let flopsCol { (columns.flops, columns.requireFlops) = (flopsCol, true) }
        let input = try FitInput(sweep: sweep, csv: csv, store: store)
        let (data, fitted) = try input.scalingData(columns: columns, metric: metric)
        var chinchilla = ChinchillaFit.Options()
        (chinchilla.bootstrap, chinchilla.seed) = (bootstrap, seed)
        var isoFLOP = IsoFLOPFit.Options()
        isoFLOP.window = isoflopWindow
        let fits: [(String, () throws -> any FitReport)] = [
            ("approach1", { try EnvelopeFit.fit(data) }),
            ("approach2", { try IsoFLOPFit.fit(data, options: isoFLOP) }),
            ("approach3", { try ChinchillaFit.fit(data, options: chinchilla) }),
        ]
        let chosen = approach == .all ? fits : [fits[Int(approach.rawValue)! - 1]]
        guard chosen.count > 1 else {
            let report = try chosen[0].1()
            try input.save(report, metric: fitted, inputs: data.json)
            print(json ? report.json.serialized() : report.table())
            return
        }
        // With --approach all, an approach the data cannot support is reported and the others still run.
        var members: [(String, JSONValue)] = [], tables: [String] = [], failures = 0
        for (name, fit) in chosen {
            do {
                let report = try fit()
                try input.save(report, metric: fitted, inputs: data.json)
                members.append((name, report.json))
                tables.append(report.table())
            } catch let error as FitError {
                failures += 1
                members.append((name, .object([("error", .string(error.description))])))
                tables.append("\(name): not fitted: \(error)")
            }
        }
        print(json ? JSONValue.object(members).serialized() : tables.joined(separator: "\n\n"))
        if failures == chosen.count { throw ExitCode.failure }
    }
}
