import ArgumentParser
import Foundation
import KilnLearningRate
import KilnSpec

struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Print a learning-rate schedule's rate per step, to see it before running it.",
        discussion: """
            SCHEDULE is what a spec's `schedule:` holds, in YAML or JSON (docs/sweep-spec.md), with an explicit `peak`. Without options Kiln prints the rate at 21 evenly spaced steps; --csv prints every step (`step,lr`, 17 significant digits: the numbers every trainer gets in KILN_LR_FILE), --plot a small terminal chart. A mistake prints schedule:line:column: error: … (the column inside SCHEDULE) and exits with status 65.

            Examples:
              kiln schedule '{kind: wsd, peak: 3e-3, warmup: 0.01, decay: 0.2, shape: 1-sqrt}' --steps 10000 --csv
              kiln schedule '{"kind": "cosine", "peak": 0.001, "warmup_steps": 100}' --steps 5000 --plot
            """)

    @Argument(help: "The schedule, e.g. '{kind: cosine, peak: 1e-3, warmup: 0.05}'.")
    var schedule: String

    @Option(help: "Steps in the run (the schedule's total).")
    var steps: Int

    @Flag(help: "Print every step as CSV: step,lr.")
    var csv = false

    @Flag(help: "Draw the schedule in the terminal.")
    var plot = false

    func validate() throws {
        if csv && plot { throw ValidationError("choose one of --csv and --plot") }
        if steps < 1 { throw ValidationError("--steps must be at least 1") }
    }

    func run() throws {
        let spec: ScheduleSpec
        do {
            spec = try ScheduleText.parse(schedule, steps: steps, file: "schedule")
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(65)  // EX_DATAERR
        }
        if csv {
            var text = "step,lr\n"
            for step in 0..<steps { text += "\(step),\(String(format: "%.17g", spec.learningRate(at: step)))\n" }
            FileHandle.standardOutput.write(Data(text.utf8))
        } else if plot {
            print(Self.chart(spec, steps: steps), terminator: "")
        } else {
            let shown = Set((0...20).map { $0 * (steps - 1) / 20 }).sorted()
            print("step        lr")
            for step in shown { print(String(format: "%-10d  %.6g", step, spec.learningRate(at: step))) }
        }
    }

    /// A chart of `rows` × `columns` characters: each column marks the rate at the middle step of its span.
    static func chart(_ spec: ScheduleSpec, steps: Int, rows: Int = 12, columns: Int = 64) -> String {
        let width = min(columns, steps)
        let rates = (0..<width).map { spec.learningRate(at: (2 * $0 + 1) * steps / (2 * width)) }
        let top = max(rates.max() ?? 0, Double.leastNonzeroMagnitude)
        let heights = rates.map { Int(($0 / top * Double(rows - 1)).rounded()) }
        var lines: [String] = []
        for row in stride(from: rows - 1, through: 0, by: -1) {
            let value: Double? = row == rows - 1 ? top : row == 0 ? 0 : nil
            let label = value.map { String(format: "%9.3g", $0) } ?? String(repeating: " ", count: 9)
            lines.append(label + " │" + String(heights.map { $0 == row ? "•" : " " }))
        }
        lines.append(String(repeating: " ", count: 10) + "└" + String(repeating: "─", count: width))
        let last = "step \(steps - 1)"
        let gap = String(repeating: " ", count: max(1, width - 1 - last.count))
        lines.append(String(repeating: " ", count: 11) + "0" + gap + last)
        return lines.joined(separator: "\n") + "\n"
    }
}
