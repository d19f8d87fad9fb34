import ArgumentParser
import KilnPostgres
import KilnStore

struct DBMigrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply the schema migrations in store/ that the database has not seen.",
        discussion: "Migrations also apply automatically whenever Kiln connects. Example: kiln db migrate")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let database = try store.database()
        if let cluster = database.cluster { try cluster.start() }
        let connection = try Connection(url: database.url)
        let applied = try Migrator.migrate(connection)
        print(
            applied.isEmpty
                ? "schema is up to date" : "applied migrations \(applied.map(String.init).joined(separator: ", "))")
    }
}
