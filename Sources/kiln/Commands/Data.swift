import ArgumentParser

struct DataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "data", abstract: "Prepare the built-in corpora.")

    func run() async throws {
        throw ValidationError("'kiln data' is not implemented yet")
    }
}
