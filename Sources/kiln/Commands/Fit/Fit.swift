import ArgumentParser

struct Fit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit", abstract: "Fit scaling laws, loss-curve laws and the D-CPT mixture law.",
        discussion: """
            Examples:
              kiln fit scaling --csv results.csv --approach all --bootstrap 200
              kiln fit schedule --csv curves.csv --law both --train-on cosine --predict wsd
              kiln fit mixture d-cpt --hold-out 0.35,0.7
            """,
        subcommands: [FitScaling.self, FitSchedule.self, FitMixture.self])
}
