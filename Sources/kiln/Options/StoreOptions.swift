import ArgumentParser
import KilnPostgres
import KilnStore

/// `--database-url`, shared by every command that uses the store.
struct StoreOptions: ParsableArguments {
    /// Whether the running command may create the project's local cluster: set by `KilnCommand.main`
    /// for the commands that create things (`CreatesProject`: `kiln run`, `kiln db start`, the store benchmarks).
    @TaskLocal static var mayCreateCluster = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "PostgreSQL URL of a shared server (default: $KILN_DATABASE_URL, else the embedded local cluster in .kiln/postgres).",
            valueName: "url"))
    var databaseURL: String?

    /// The resolved store location. Without a URL, the folder's local cluster must exist unless the
    /// command creates things; otherwise this throws `StoreError.noProject`, saying how to point at one.
    func database() throws -> Database {
        try Database.resolve(url: databaseURL, creatingCluster: Self.mayCreateCluster)
    }

    /// A migrated connection, starting the local cluster when Kiln manages it.
    func connect(applicationName: String = "kiln") throws -> Connection {
        try database().connect(applicationName: applicationName)
    }
}
