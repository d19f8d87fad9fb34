import ArgumentParser

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the progress of sweeps.")

    func run() async throws {
        throw ValidationError("'kiln status' is not implemented yet")
    }
}
