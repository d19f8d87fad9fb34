import ArgumentParser
import KilnStore

struct DBURL: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "url", abstract: "Print the database URL.",
        discussion: """
            Without --share, the URL for this machine (the unix socket; it names the password file). With --share, the \
            URL for other machines once 'kiln db serve' made the cluster a server (TCP, TLS, the password inside it).

            Examples:
              psql "$(kiln db url)"
              export KILN_DATABASE_URL="$(kiln db url --share)"
            """)

    @Flag(help: "Print the URL other machines use (after 'kiln db serve').") var share = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let database = try store.database()
        guard share else {
            print(database.url)
            return
        }
        guard let cluster = database.cluster else {
            throw ValidationError("a database URL is set; --share is for the local cluster Kiln manages")
        }
        guard let url = try cluster.shareURL else {
            throw ValidationError(
                "the local PostgreSQL listens on its unix socket only: share it with 'kiln db serve --listen ADDRESS'")
        }
        print(url)
    }
}
