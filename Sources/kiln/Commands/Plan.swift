import ArgumentParser
import Foundation
import KilnSpec

struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Validate a sweep spec and print its expanded runs, FLOPs and time estimate.",
        discussion: """
            Reads a YAML sweep spec (docs/sweep-spec.md), expands it into runs and prints each run's id, swept parameters, parameter count, tokens, FLOPs and parent, then the total FLOPs and an estimated time. Above \(PlanSummary.listingLimit) runs it prints a summary instead (runs per stage, the values of each varying parameter, total FLOPs, tokens and time) unless --all is given. Corpus names and data paths are checked against the current folder (the project). Nothing is written to the database. An invalid spec prints file:line:column: error: … and exits with status 65.

            Examples:
              kiln plan sweeps/quickstart.yaml
              kiln plan sweeps/scaling.yaml --csv > scaling-plan.csv
              kiln plan sweeps/rewarm.yaml --json --gflops 6
              kiln plan big.yaml --count
            """)

    @Argument(help: "The sweep spec (YAML).")
    var file: String

    @Flag(help: "Print the plan as JSON.")
    var json = false

    @Flag(help: "Print the plan as CSV, one row per run.")
    var csv = false

    @Flag(help: "Print only the number of runs.")
    var count = false

    @Flag(help: "Print a summary instead of a line per run (the default above \(PlanSummary.listingLimit) runs).")
    var summary = false

    @Flag(help: "Print a line per run however many runs there are.")
    var all = false

    @Option(help: "Training throughput of this machine in GFLOP/s, for the time estimate.")
    var gflops: Double = PlanFormatter.defaultGFLOPS

    func validate() throws {
        if [json, csv, count, summary, all].filter({ $0 }).count > 1 {
            throw ValidationError("choose one of --json, --csv, --count, --summary and --all")
        }
        if !(gflops > 0) { throw ValidationError("--gflops must be positive") }
    }

    func run() async throws {
        do {
            let spec = try SweepSpec(contentsOf: file)
            let project = ProjectFolder(path: FileManager.default.currentDirectoryPath)
            if json || csv || all {
                let formatter = PlanFormatter(plan: try SweepPlan(spec: spec, project: project), gflops: gflops)
                print(json ? try formatter.json() : csv ? formatter.csv() : formatter.table(), terminator: "")
                return
            }
            if count {
                print(try SweepExpansion(spec: spec, project: project).count())
                return
            }
            let (outline, plan) = try PlanSummary.expand(
                spec, project: project, keepingAtMost: summary ? 0 : PlanSummary.listingLimit)
            if let plan {
                print(PlanFormatter(plan: plan, gflops: gflops).table(), terminator: "")
            } else {
                print(outline.text(gflops: gflops), terminator: "")
                if !summary {
                    print(
                        "(a summary: the plan has more than \(PlanSummary.listingLimit) runs; --all prints every run, --csv and --json every run's parameters)"
                    )
                }
            }
        } catch let error as SpecError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(65)  // EX_DATAERR
        }
    }
}
