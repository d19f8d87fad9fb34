import ArgumentParser

struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "worker", abstract: "Work the run queue of a shared database as a standalone worker.")

    func run() async throws {
        throw ValidationError("'kiln worker' is not implemented yet")
    }
}
