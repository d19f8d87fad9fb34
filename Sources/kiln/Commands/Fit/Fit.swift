import ArgumentParser

struct Fit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit", abstract: "Fit scaling laws and loss-curve laws.",
        discussion: """
            Examples:
              kiln fit scaling --csv results.csv --approach all --bootstrap 200
              kiln fit schedule --csv curves.csv --law both --train-on cosine --predict wsd
            """,
        subcommands: [FitScaling.self, FitSchedule.self])
}
