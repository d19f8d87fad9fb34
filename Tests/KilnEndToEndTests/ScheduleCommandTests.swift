import Foundation
import KilnTestSupport
import Testing

/// `kiln schedule`: a schedule's rate per step from YAML or JSON, with the spec's resolver and its
/// messages, the column counted inside the argument (issue 14).
@Suite(.tags(.subprocess))
struct ScheduleCommandTests {
    func kiln(_ arguments: String...) throws -> ChildProcess.Result {
        try ChildProcess.run([ChildProcess.kiln, "schedule"] + arguments)
    }

    /// The `lr` column of `--csv` output, after checking its header and step column.
    func rates(_ output: String) throws -> [Double] {
        let lines = output.split(separator: "\n")
        #expect(lines.first == "step,lr")
        return try lines.dropFirst().enumerated().map { index, line in
            let fields = line.split(separator: ",")
            #expect(fields.count == 2 && fields[0] == "\(index)")
            return try #require(Double(fields[1]))
        }
    }

    @Test("--csv prints every step's rate of a WSD schedule written in YAML flow style")
    func wsdCSV() throws {
        let result = try kiln(
            "{kind: wsd, peak: 3e-3, warmup: 0.01, decay: 0.2, shape: 1-sqrt}", "--steps", "1000", "--csv")
        #expect(result.status == 0, "\(result.stderr)")
        let rates = try rates(result.stdout)
        #expect(rates.count == 1000)
        #expect(rates[0] == 3e-3 / 10 && rates[9] == 3e-3 && rates[799] == 3e-3 && rates[999] == 0)
        #expect(rates[800] < 3e-3 && rates[800] > rates[900])
    }

    @Test(
        "JSON works too, and every kind resolves",
        arguments: [
            #"{"kind": "constant", "peak": 0.01, "warmup_steps": 3}"#,
            "{kind: linear, peak: 0.01}", "{kind: cosine, peak: 0.01, warmup: 0.1, floor: 0.2}",
            "{kind: inverse_sqrt, peak: 0.01, warmup_steps: 10}",
            "{kind: wsd, peak: 0.01, shape: exponential, floor: 0.01}",
            "{kind: infinite, peak: 0.01, constant: 0.5, anneal: 0.1}",
            "{kind: step, peak: 0.01, milestones: [0.5, 0.75], factor: 2}",
            "{kind: cyclic, peak: 0.01, cycles: 3}", "{kind: rewarm, start: 0.001, peak: 0.01, warmup: 0.1}",
            "{kind: points, points: [[0, 0.01], [50, 0.002]]}", "{kind: cosine, peak: 0.01, warmup_steps: steps / 10}",
        ])
    func everyKind(schedule: String) throws {
        let result = try kiln(schedule, "--steps", "100", "--csv")
        #expect(result.status == 0, "\(result.stderr)")
        let rates = try rates(result.stdout)
        #expect(rates.count == 100 && rates.allSatisfy { $0.isFinite && $0 >= 0 } && rates.max()! <= 0.01 * (1 + 1e-12))
    }

    @Test("without options a short table, with --plot a chart")
    func tableAndPlot() throws {
        let table = try kiln("{kind: cosine, peak: 0.001}", "--steps", "5000")
        #expect(table.status == 0 && table.stdout.split(separator: "\n").count == 22, "\(table.stdout)")
        #expect(table.stdout.contains("4999        0.0001"))
        let plot = try kiln("{kind: cosine, peak: 0.001}", "--steps", "5000", "--plot")
        #expect(plot.status == 0 && plot.stdout.contains("•") && plot.stdout.contains("step 4999"), "\(plot.stdout)")
    }

    @Test(
        "a wrong schedule is an error at its column inside the argument",
        arguments: [
            (
                "{kind: wsd, peak: 3e-3, decay: 1.5}",
                "schedule:1:32: error: invalid value for 'schedule.decay': 'decay' is a fraction of the run in [0, 1], found 1.5; use 'decay_steps' for steps"
            ),
            (
                "{kind: cosin, peak: 1e-3}",
                "schedule:1:8: error: invalid value for 'schedule.kind': unknown schedule 'cosin'; did you mean 'cosine'?"
            ),
            (
                "{kind: wsd, peak: 1e-3, warmup_step: 20}",
                "schedule:1:38: error: unknown key 'schedule.warmup_step'; did you mean 'schedule.warmup_steps'?"
            ),
            ("{kind: wsd}", "schedule:1:1: error: missing required key 'schedule.peak (or the parameter 'lr')'"),
            ("{kind: wsd, peak: [1}", "schedule:1:"),
            ("wsd", "schedule:1:1: error: 'schedule' should be a mapping with 'kind', found a string"),
        ])
    func wrongInput(schedule: String, message: String) throws {
        let result = try kiln(schedule, "--steps", "100")
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty && !result.stderr.contains("Error: error:"))
    }

    @Test("--steps must be positive; --csv and --plot exclude each other")
    func badOptions() throws {
        let zero = try kiln("{kind: constant, peak: 1}", "--steps", "0")
        #expect(zero.status != 0 && zero.stderr.contains("--steps must be at least 1"))
        let both = try kiln("{kind: constant, peak: 1}", "--steps", "5", "--csv", "--plot")
        #expect(both.status != 0 && both.stderr.contains("choose one of --csv and --plot"))
    }
}
