import ArgumentParser

struct BenchReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Report time and size for a large synthetic store.")

    func run() async throws {
        throw ValidationError("'kiln bench report' is not implemented yet")
    }
}
