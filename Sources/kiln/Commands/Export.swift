import ArgumentParser

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export a sweep's runs and metrics as CSV.")

    func run() async throws {
        throw ValidationError("'kiln export' is not implemented yet")
    }
}
