import ArgumentParser

struct Compare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "compare", abstract: "Compare two sweeps or two runs in one HTML report.")

    func run() async throws {
        throw ValidationError("'kiln compare' is not implemented yet")
    }
}
