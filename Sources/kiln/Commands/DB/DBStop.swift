import ArgumentParser
import KilnStore

struct DBStop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop", abstract: "Stop Kiln's own local cluster (never any other server).",
        discussion: "Example: kiln db stop")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        guard let cluster = try store.database().cluster else {
            throw ValidationError("a database URL is set; Kiln only stops the local cluster it manages")
        }
        print(try cluster.stop() ? "stopped the local PostgreSQL" : "the local PostgreSQL was not running")
    }
}
