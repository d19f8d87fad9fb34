import ArgumentParser

struct BenchIngest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ingest", abstract: "Metric ingestion rows/s against psql \\copy.")

    func run() async throws {
        throw ValidationError("'kiln bench ingest' is not implemented yet")
    }
}
