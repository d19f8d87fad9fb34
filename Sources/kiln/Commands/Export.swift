import ArgumentParser
import Foundation
import KilnReport

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a sweep's runs and metrics as CSV.",
        discussion: """
            RFC 4180 CSV: one row per run with every parameter as a column, and every metric point in long format
            (run_id, run, name, step, value). Example: kiln export quickstart --runs runs.csv --metrics metrics.csv
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "Sweep name.") var sweep: String
    @Option(help: "Runs CSV file.") var runs = "runs.csv"
    @Option(help: "Metrics CSV file (long format).") var metrics = "metrics.csv"

    func run() async throws {
        let model = try ReportLoader(connection: try store.connect()).model(sweeps: [sweep], detail: .every)
        try OutputFile.write(CSVExport.runs(model), to: runs)
        try OutputFile.writing(metrics) { try CSVExport.metrics(model, to: $0) }
        print("wrote \(runs) (\(model.runs.count) runs) and \(metrics)")
    }
}
