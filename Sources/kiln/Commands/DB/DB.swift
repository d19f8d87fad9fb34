import ArgumentParser

struct DB: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage Kiln's database: the embedded local PostgreSQL or a given server.",
        discussion: """
            Without --database-url or KILN_DATABASE_URL, Kiln keeps a private PostgreSQL cluster in .kiln/postgres
            that listens only on a unix socket and asks for the password kept in .kiln/postgres/pgpass (mode 600;
            the URL names that file, so libpq clients such as psql find it). Only 'kiln run' and 'kiln db start' create
            the cluster; the other commands need one that exists. Example:

              kiln db start && psql "$(kiln db url)" -c '\\dt'
            """,
        subcommands: [DBStart.self, DBStop.self, DBStatus.self, DBURL.self, DBServe.self, DBMigrate.self]
    )
}
