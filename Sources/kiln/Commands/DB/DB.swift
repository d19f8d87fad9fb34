import ArgumentParser

struct DB: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage Kiln's database: the embedded local PostgreSQL or a given server.",
        discussion: """
            Without --database-url or KILN_DATABASE_URL, Kiln keeps a private PostgreSQL cluster in .kiln/postgres
            that listens only on a unix socket. Example:

              kiln db start && psql "$(kiln db url)" -c '\\dt'
            """,
        subcommands: [DBStart.self, DBStop.self, DBStatus.self, DBURL.self, DBMigrate.self]
    )
}
