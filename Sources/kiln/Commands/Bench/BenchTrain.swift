import ArgumentParser

struct BenchTrain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "Training tokens/s and GFLOP/s.")

    func run() async throws {
        throw ValidationError("'kiln bench train' is not implemented yet")
    }
}
