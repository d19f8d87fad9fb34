import ArgumentParser
import KilnPostgres
import KilnStore

/// `--database-url`, shared by every command that uses the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "PostgreSQL URL of a shared server (default: $KILN_DATABASE_URL, else the embedded local cluster in .kiln/postgres).",
        valueName: "url"))
    var databaseURL: String?

    /// The resolved store location.
    func database() throws -> Database { try Database.resolve(url: databaseURL) }

    /// A migrated connection, starting the local cluster when Kiln manages it.
    func connect(applicationName: String = "kiln") throws -> Connection {
        try database().connect(applicationName: applicationName)
    }
}
