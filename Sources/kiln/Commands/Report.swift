import ArgumentParser
import Foundation
import KilnReport

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write a self-contained HTML report of sweeps.",
        discussion: """
            One HTML file that opens offline: run summary, loss and LR curves, final metrics against each swept
            parameter, and scaling, continual-pretraining and schedule-law sections when the sweep has them.
            Example: kiln report quickstart -o report.html
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "Sweep names.") var sweeps: [String]
    @Option(name: .shortAndLong, help: "Output file.") var output = "report.html"
    @Option(help: "Title (default: the sweep names).") var title: String?

    func run() async throws {
        let connection = try store.connect()
        let model = try ReportLoader(connection: connection).model(sweeps: sweeps, title: title, detail: .overview)
        try OutputFile.write(try HTMLReport.render(model), to: output)
        print("wrote \(URL(fileURLWithPath: output).standardizedFileURL.path) (\(model.runs.count) runs)")
    }
}
