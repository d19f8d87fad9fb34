import ArgumentParser

struct Cancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a sweep or a run.")

    func run() async throws {
        throw ValidationError("'kiln cancel' is not implemented yet")
    }
}
