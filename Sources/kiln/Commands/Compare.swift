import ArgumentParser
import Foundation
import KilnReport

struct Compare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare", abstract: "Compare two sweeps or two runs in one HTML report.",
        discussion: """
            A and B are sweep names, or run ids / run names. Curves are overlaid (A solid, B dashed) and the
            differences of final metrics tabulated. Example: kiln compare lr-schedules quickstart -o diff.html
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "First sweep or run.") var a: String
    @Argument(help: "Second sweep or run.") var b: String
    @Option(name: .shortAndLong, help: "Output file.") var output = "compare.html"

    func run() async throws {
        let connection = try store.connect()
        let loader = ReportLoader(connection: connection)
        func model(_ reference: String) throws -> ReportModel {
            do {
                return try loader.model(sweeps: [reference], detail: .overview)
            } catch let error as ReportError {
                guard case .unknownSweep = error.problem else { throw error }
                return try loader.model(runReference: reference)
            }
        }
        try OutputFile.write(try HTMLReport.renderComparison(try model(a), try model(b)), to: output)
        print("wrote \(URL(fileURLWithPath: output).standardizedFileURL.path)")
    }
}
