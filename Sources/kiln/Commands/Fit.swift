import ArgumentParser

struct Fit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fit", abstract: "Fit scaling laws and loss-curve laws.")

    func run() async throws {
        throw ValidationError("'kiln fit' is not implemented yet")
    }
}
