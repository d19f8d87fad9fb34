import ArgumentParser

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Register a sweep and work its queue until every run has finished.")

    func run() async throws {
        throw ValidationError("'kiln run' is not implemented yet")
    }
}
