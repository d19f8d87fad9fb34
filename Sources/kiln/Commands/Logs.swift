import ArgumentParser

struct Logs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Print a run's log.")

    func run() async throws {
        throw ValidationError("'kiln logs' is not implemented yet")
    }
}
