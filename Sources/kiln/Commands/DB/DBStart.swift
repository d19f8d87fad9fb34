import ArgumentParser
import KilnStore

struct DBStart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start", abstract: "Start the local cluster (initialising it on first use) and migrate it.",
        discussion: "Example: kiln db start")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let database = try store.database()
        guard let cluster = database.cluster else {
            _ = try database.connect()
            print("using the server at \(database.url); nothing to start")
            return
        }
        let started = try cluster.start()
        _ = try database.connect()
        print(
            started
                ? "started the local PostgreSQL in \(cluster.clusterDirectory)"
                : "the local PostgreSQL is already running")
    }
}
