import ArgumentParser

@main
struct KilnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiln",
        abstract: "Schedule-aware sweeps, scaling-law fits and reports for language-model pretraining research.",
        subcommands: [
            Plan.self, Run.self, Worker.self, Status.self, Runs.self, Logs.self, Cancel.self, Retry.self, Delete.self,
            Prune.self,
            DataCommand.self, Fit.self, Report.self, Compare.self, Export.self, DB.self, Bench.self,
        ]
    )
}
