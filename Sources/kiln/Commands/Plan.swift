import ArgumentParser
import Foundation
import KilnSpec

struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Validate a sweep spec and print its expanded runs, FLOPs and time estimate.",
        discussion: """
            Reads a YAML sweep spec (docs/sweep-spec.md), expands it into runs and prints each run's id, swept parameters, parameter count, tokens, FLOPs and parent, then the total FLOPs and an estimated time. Nothing is written to the database. An invalid spec prints file:line:column: error: … and exits with status 65.

            Examples:
              kiln plan sweeps/quickstart.yaml
              kiln plan sweeps/scaling.yaml --csv > scaling-plan.csv
              kiln plan sweeps/rewarm.yaml --json --gflops 6
            """)

    @Argument(help: "The sweep spec (YAML).")
    var file: String

    @Flag(help: "Print the plan as JSON.")
    var json = false

    @Flag(help: "Print the plan as CSV, one row per run.")
    var csv = false

    @Option(help: "Training throughput of this machine in GFLOP/s, for the time estimate.")
    var gflops: Double = PlanFormatter.defaultGFLOPS

    func validate() throws {
        if json && csv { throw ValidationError("choose one of --json and --csv") }
        if !(gflops > 0) { throw ValidationError("--gflops must be positive") }
    }

    func run() async throws {
        let plan: SweepPlan
        do {
            plan = try SweepPlan(spec: try SweepSpec(contentsOf: file))
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(65)  // EX_DATAERR
        }
        let formatter = PlanFormatter(plan: plan, gflops: gflops)
        print(json ? try formatter.json() : csv ? formatter.csv() : formatter.table(), terminator: "")
    }
}
