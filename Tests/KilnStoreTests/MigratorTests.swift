import Foundation
import KilnPostgres
import KilnSchema
import KilnStore
import KilnTestSupport
import Testing

@Suite(.tags(.postgres))
struct MigratorTests {
    @Test func migrationsAreNumberedFromOneWithoutGaps() throws {
        let versions = try Schema.migrations().map(\.version)
        #expect(versions == Array(1...versions.count))
    }

    @Test(.tags(.subprocess))
    func twoProcessesMigratingAtOnceEndWithOneSchema() throws {
        let cluster = try TestCluster.shared
        let database = try cluster.makeEmptyDatabase()
        defer { try? cluster.dropDatabase(database.name) }
        let argv = [ChildProcess.kiln, "db", "migrate", "--database-url", database.url]
        let first = try ChildProcess.spawn(argv), second = try ChildProcess.spawn(argv)
        #expect(ChildProcess.wait(first) == 0)
        #expect(ChildProcess.wait(second) == 0)

        let connection = try Connection(url: database.url)
        let expected = try Schema.migrations().map(\.version)
        #expect(try Migrator.appliedVersions(connection) == expected)
        let tables = try connection.query(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).map { $0[0] ?? "" }
        #expect(Set(["sweeps", "runs", "metrics", "fits", "checkpoints", "schema_migrations"]).isSubset(of: tables))
        #expect(try Migrator.migrate(connection).isEmpty)
    }
}
