import ArgumentParser

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Write a self-contained HTML report of sweeps.")

    func run() async throws {
        throw ValidationError("'kiln report' is not implemented yet")
    }
}
