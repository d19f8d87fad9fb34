import ArgumentParser
import Foundation
import KilnAnalysis
import KilnFit
import KilnProtocol
import KilnScheduler
import KilnStore

struct BenchEarlyStop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "early-stop", abstract: "Replay early-stopping policies on a fully trained sweep.",
        discussion: """
            Replays three policies on the stored curves of a sweep whose runs trained to their end, as if every run \
            trained at once and reached each check step together: no stopping; step-matched successive halving \
            (the best 1/eta of the runs still training continue at each check, ranked by their metric at that \
            step, as ASHA does); and Kiln's schedule-aware rule (docs/early-stopping.md). Prints the compute each \
            saves (optimizer steps not trained), whether the truly best run survived, and the regret: the final \
            metric of the best surviving run minus the best run's. The rule's settings are the sweep's early_stop \
            (or the defaults), changed by the options.

            Examples: kiln bench early-stop lr-schedules
                      kiln bench early-stop lr-schedules --first-check 0.5 --law multipower --verbose
            """)

    @Argument(help: "A sweep whose runs trained to their end.") var sweep: String
    @Option(help: "The law: annealing or multipower.") var law: String?
    @Option(help: "The metric (default: the sweep's early_stop metric, else train/loss).") var metric: String?
    @Option(help: "The first check, as a fraction of each run.") var firstCheck: Double?
    @Option(help: "Checks after the first, every this fraction of each run.") var interval: Double?
    @Option(help: "Relative margin of the law-based rule.") var margin: Double?
    @Option(help: "Confidence of the law-based rule.") var confidence: Double?
    @Option(help: "Reduction factor of successive halving.") var eta = 3
    @Flag(help: "Print every decision of the law-based rule.") var verbose = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let connection = try store.connect()
        let record = try SweepAnalysis(connection: connection).sweep(named: sweep)
        var settings = try EarlyStopStore(connection: connection).settings(sweepID: record.id) ?? EarlyStopSettings()
        if let law {
            guard let chosen = EarlyStopSettings.Law(rawValue: law) else {
                throw ValidationError("--law is annealing or multipower, not '\(law)'")
            }
            settings.law = chosen
        }
        settings.metric = metric ?? settings.metric
        settings.firstCheck = firstCheck ?? settings.firstCheck
        settings.interval = interval.map(EarlyStopSettings.Interval.fraction) ?? settings.interval
        settings.margin = margin ?? settings.margin
        settings.confidence = confidence ?? settings.confidence
        guard settings.firstCheck > 0 && settings.firstCheck < 1, settings.confidence > 0 && settings.confidence < 1,
            settings.margin >= 0, eta >= 2
        else {
            throw ValidationError(
                "--first-check and --confidence are fractions between 0 and 1, --margin is 0 or "
                    + "more, --eta 2 or more")
        }
        var planned: [Int64: [Double]] = [:]
        let curves = try EarlyStopCurves.load(
            sweepID: record.id, metric: settings.metric, connection: connection, planned: &planned
        ).filter { $0.finished }
        guard curves.count >= 2 else {
            throw ValidationError(
                "sweep \(record.name) has \(curves.count) succeeded runs with \(settings.metric) and a known schedule; "
                    + "the replay needs 2 or more")
        }
        let replay = EarlyStopReplay(curves: curves, settings: settings)
        let checks = Set(curves.map { settings.checkSteps(totalSteps: $0.totalSteps) }).sorted { $0.count > $1.count }
        print(
            "Early stopping replayed on sweep \(record.name): \(curves.count) runs, \(settings.metric); checks at steps "
                + (checks.first ?? []).map(String.init).joined(separator: ", ")
                + (checks.count > 1 ? " (of the longest run)" : "") + "; every run in lock-step")
        let began = Date()
        let lawBased = replay.lawBased(log: { if verbose { print("  " + $0) } })
        let seconds = Date().timeIntervalSince(began)
        let outcomes = [replay.complete(), replay.successiveHalving(SuccessiveHalving(eta: eta)), lawBased]
        let best = outcomes[0]
        print("best run: \(best.bestRun), final \(settings.metric) \(formatted(best.bestFinal))")
        func cell(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        print(
            cell("policy", 30) + cell("stopped", 9) + cell("compute saved", 15) + cell("best survived", 15) + "regret")
        for outcome in outcomes {
            let regret =
                outcome.regret == 0
                ? "0" : "\(formatted(outcome.regret)) (\(formatted(100 * outcome.regret / outcome.bestFinal))%)"
            print(
                cell(outcome.policy, 30) + cell("\(outcome.stopped.count)/\(curves.count)", 9)
                    + cell(formatted(100 * outcome.computeSaved) + "%", 15)
                    + cell(outcome.bestSurvived ? "yes" : "no", 15) + regret)
        }
        for outcome in outcomes where !outcome.bestSurvived {
            print("best surviving run under \(outcome.policy): \(outcome.bestSurvivor)")
        }
        for outcome in outcomes.dropFirst() where !outcome.stopped.isEmpty {
            print(
                "stopped by \(outcome.policy): "
                    + outcome.stopped.map { "\($0.run)@\($0.step)" }.joined(separator: ", "))
        }
        print("law-based replay: \(formatted(seconds)) s for \(checks.first?.count ?? 0) rounds of joint fits")
    }
}
