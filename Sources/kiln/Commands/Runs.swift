import ArgumentParser

struct Runs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "runs", abstract: "List the runs of a sweep.")

    func run() async throws {
        throw ValidationError("'kiln runs' is not implemented yet")
    }
}
