import ArgumentParser
import KilnStore

struct DBURL: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "url", abstract: "Print the database URL.",
        discussion: "Example: psql \"$(kiln db url)\"")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        print(try store.database().url)
    }
}
