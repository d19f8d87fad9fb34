import ArgumentParser

struct BenchScheduler: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scheduler", abstract: "Queue registration time and per-run overhead.")

    func run() async throws {
        throw ValidationError("'kiln bench scheduler' is not implemented yet")
    }
}
