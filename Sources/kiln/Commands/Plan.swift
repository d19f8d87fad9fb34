import ArgumentParser

struct Plan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "Validate a sweep spec and print its expanded runs, FLOPs and time estimate.")

    func run() async throws {
        throw ValidationError("'kiln plan' is not implemented yet")
    }
}
