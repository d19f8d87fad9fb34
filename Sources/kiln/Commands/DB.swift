import ArgumentParser

struct DB: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "db", abstract: "Manage Kiln's database: the embedded local PostgreSQL or a given server.")

    func run() async throws {
        throw ValidationError("'kiln db' is not implemented yet")
    }
}
