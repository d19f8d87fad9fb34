import ArgumentParser
import KilnStore

struct DBStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Say where the database is and whether it is running.",
        discussion: "Example: kiln db status")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let database: Database
        do {
            database = try store.database()
        } catch let error as StoreError {
            guard case .noProject = error else { throw error }
            print(error)
            throw ExitCode(3)
        }
        guard let cluster = database.cluster else {
            print("server:   \(database.url) (given; not managed by Kiln)")
            return
        }
        print("cluster:  \(cluster.clusterDirectory)")
        print("data:     \(cluster.dataDirectory)")
        if let sharing = try cluster.sharing {
            print("socket:   \(cluster.socketDirectory)")
            print(
                "tcp:      \(sharing.address):\(sharing.port), TLS and password, from \(sharing.allowed.joined(separator: ", ")) (kiln db url --share)"
            )
        } else {
            print("socket:   \(cluster.socketDirectory) (unix socket only, no TCP)")
        }
        print("log:      \(cluster.logPath)")
        print("password: \(cluster.passwordFile) (mode 600; the URL names it)")
        print("url:      \(cluster.url)")
        if cluster.isRunning {
            print("state:    running" + (cluster.serverPID.map { " (pid \($0))" } ?? ""))
        } else {
            print("state:    stopped (kiln db start)")
            throw ExitCode(3)
        }
    }
}
