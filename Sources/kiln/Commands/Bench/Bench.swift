import ArgumentParser

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Kiln's speed on this machine.",
        subcommands: [
            BenchIngest.self, BenchTrain.self, BenchScheduler.self, BenchFit.self, BenchReport.self, BenchServe.self,
            BenchEarlyStop.self,
        ]
    )
}
