import KilnPostgres
import KilnSchema

/// Applies the numbered migrations in `store/migrations/` that a database has not seen yet.
/// Each runs in its own transaction and is recorded in `schema_migrations`; an advisory lock makes
/// two processes migrating at once safe (the second waits, then finds nothing to do).
package enum Migrator {
    /// Key of the advisory lock held while migrating.
    static let lockKey = 7_215_044_101

    /// Applies missing migrations; returns the versions applied now.
    @discardableResult
    package static func migrate(_ connection: Connection) throws -> [Int] {
        // Lock first: two concurrent `CREATE TABLE IF NOT EXISTS` can both pass the check, and the
        // loser fails on the catalog's unique index (pg_type_typname_nsp_index).
        try connection.execute("SELECT pg_advisory_lock($1::bigint)", [lockKey])
        defer { _ = try? connection.execute("SELECT pg_advisory_unlock($1::bigint)", [lockKey]) }
        try connection.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
            """)
        let applied = Set(
            try connection.query("SELECT version FROM schema_migrations").map { try $0.decode(Int.self, at: 0) })
        var appliedNow: [Int] = []
        for migration in try Schema.migrations() where !applied.contains(migration.version) {
            try connection.withTransaction { connection in
                try connection.run(script: migration.sql)
                try connection.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                    [migration.version, migration.name])
            }
            appliedNow.append(migration.version)
        }
        return appliedNow
    }

    /// Versions recorded in `schema_migrations`.
    package static func appliedVersions(_ connection: Connection) throws -> [Int] {
        try connection.query("SELECT version FROM schema_migrations ORDER BY version").map {
            try $0.decode(Int.self, at: 0)
        }
    }
}
