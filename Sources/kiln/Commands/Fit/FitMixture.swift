import Foundation
import ArgumentParser
import KilnFit
import KilnProtocol

struct FitMixture: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mixture",
        abstract: "Fit the D-CPT law of general and domain loss over N, D and the domain ratio r (Que et al. 2024).",
        discussion: """
            Input is a sweep's continual-pretraining runs or a CSV with params,tokens,ratio,general_loss,domain_loss \
            columns. Fits L(N, D, r) = E + A/N^alpha + B*r^eta/D^beta + C/(r + epsilon)^gamma to the domain loss at the \
            domain ratio r and to the general loss at 1 - r; reports both laws with bootstrap intervals, the domain \
            ratio r* that minimises the domain loss while the general loss rises at most --max-general-increase over \
            its value at --baseline-ratio, and the losses predicted at --hold-out ratios against the runs'. See \
            docs/fitting.md.

            Examples: kiln fit mixture d-cpt --hold-out 0.35,0.7
                      kiln fit mixture --csv mixture.csv --max-general-increase 0.02 --json
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "Sweep whose finished runs to fit.") var sweep: String?
    @Option(help: "Sweep input: the general loss metric (default: the loss on the spec's first eval set).")
    var metricGeneral: String?
    @Option(help: "Sweep input: the domain loss metric, val/<source>/loss (default: the second eval set's loss).")
    var metricDomain: String?
    @Option(help: "Fit a CSV file instead of a sweep.") var csv: String?
    @Option(
        parsing: .singleValue,
        help: "Domain ratios left out of the fit and predicted (r=0.35 or 0.35; a comma list or repeated).")
    var holdOut: [String] = []
    @Option(help: "Largest relative increase of the general loss that r* may cost (0.01: 1%).")
    var maxGeneralIncrease = 0.01
    @Option(help: "The domain ratio the general-loss increase is measured from.") var baselineRatio = 0.0
    @Option(help: "N at which r* is chosen (default: the largest N fitted).") var params: Double?
    @Option(help: "D at which r* is chosen (default: the largest D fitted).") var tokens: Double?
    @Option(help: "The constant epsilon in C/(r + epsilon)^gamma.") var epsilon = 0.01
    @Option(help: "Bootstrap resamples for intervals (0 for none).") var bootstrap = 100
    @Option(help: "Seed of the bootstrap.") var seed: UInt64 = 0
    @Flag(help: "Print JSON instead of a table.") var json = false

    func validate() throws {
        guard maxGeneralIncrease >= 0, maxGeneralIncrease.isFinite else {
            throw ValidationError("--max-general-increase must be a number ≥ 0")
        }
        guard (0...1).contains(baselineRatio) else { throw ValidationError("--baseline-ratio must be in [0, 1]") }
        guard epsilon > 0, epsilon.isFinite else { throw ValidationError("--epsilon must be a positive number") }
        guard bootstrap >= 0 else { throw ValidationError("--bootstrap must not be negative") }
        for (name, value) in [("--params", params), ("--tokens", tokens)]
        where value.map({ !($0 > 0 && $0.isFinite) }) ?? false {
            throw ValidationError("\(name) must be a positive number")
        }
        _ = try heldOutRatios()
    }

    /// `--hold-out` values: `r=0.35`, `0.35` or comma lists of either, each in [0, 1].
    func heldOutRatios() throws -> [Double] {
        try holdOut.flatMap { $0.split(separator: ",") }.map { item in
            let text = item.hasPrefix("r=") ? item.dropFirst(2) : item[...]
            guard let r = Double(text.trimmingCharacters(in: .whitespaces)), (0...1).contains(r) else {
                throw ValidationError("--hold-out takes ratios in [0, 1] such as r=0.35, found '\(item)'")
            }
            return r
        }
    }

    func run() async throws {
        let input = try FitInput(sweep: sweep, csv: csv, store: store)
        let (data, metrics) = try input.mixtureData(generalMetric: metricGeneral, domainMetric: metricDomain)
        var options = DCPTFit.Options()
        (options.holdOut, options.maxGeneralIncrease, options.baselineRatio) =
            (try heldOutRatios(), maxGeneralIncrease, baselineRatio)
        (options.params, options.tokens, options.epsilon) = (params, tokens, epsilon)
        (options.bootstrap, options.seed) = (bootstrap, seed)
        let report = try DCPTFit.fit(data, options: options)
        try input.save(report, metric: metrics.map { "\($0.general),\($0.domain)" }, inputs: data.json)
        print(json ? report.json.serialized() : report.table())
    }
}
