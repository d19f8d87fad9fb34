import ArgumentParser

struct BenchFit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fit", abstract: "Chinchilla Approach 3 fit time.")

    func run() async throws {
        throw ValidationError("'kiln bench fit' is not implemented yet")
    }
}
