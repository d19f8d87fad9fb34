import Testing

/// A test trait that gives the test its own migrated database, cloned from the test cluster's
/// template, and drops it afterwards: `@Test(.freshDatabase) func … { FreshDatabase.url … }`.
package struct FreshDatabase: TestTrait, TestScoping {
    /// The URL of the current test's database.
    @TaskLocal package static var url: String = ""

    package func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let cluster = try TestCluster.shared
        let database = try cluster.makeDatabase()
        defer { try? cluster.dropDatabase(database.name) }
        try await Self.$url.withValue(database.url) { try await function() }
    }
}

extension Trait where Self == FreshDatabase {
    /// Runs the test against its own fresh, migrated database (`FreshDatabase.url`).
    package static var freshDatabase: Self { FreshDatabase() }
}

extension Tag {
    /// Tests that talk to PostgreSQL.
    @Tag package static var postgres: Self
    /// Tests that start subprocesses.
    @Tag package static var subprocess: Self
    /// Tests that take seconds.
    @Tag package static var slow: Self
}
