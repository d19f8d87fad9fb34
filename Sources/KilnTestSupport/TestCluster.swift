import Foundation
import KilnPostgres
import KilnStore
import Synchronization

/// The private PostgreSQL cluster of one test process: started on first use in `/tmp/kiln-test-<pid>`
/// (fsync off), with a migrated `kiln_template` database that each test clones. Stopped and removed
/// when the process exits; clusters left behind by crashed test processes are removed on the next start.
package final class TestCluster: Sendable {
    /// The cluster of this process.
    package static var shared: TestCluster {
        get throws { try sharedCluster.get() }
    }

    private static let sharedCluster = Result { try TestCluster() }

    package let cluster: LocalCluster
    private let counter = Counter()

    private init() throws {
        Self.removeAbandonedClusters()
        let directory = "/tmp/kiln-test-\(getpid())"
        cluster = try LocalCluster(
            stateDirectory: directory,
            settings: ["fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"],
            database: "kiln_template")
        try cluster.start()
        atexit { TestCluster.stopAtExit() }
        let template = try Connection(url: cluster.url)
        try Migrator.migrate(template)
    }

    /// A new migrated database cloned from the template; returns its URL.
    package func makeDatabase() throws -> (name: String, url: String) {
        let name = "t_\(counter.next())_\(UInt32.random(in: 0...UInt32.max))"
        let admin = try Connection(url: cluster.url(database: "postgres"))
        try admin.execute("CREATE DATABASE \(name) TEMPLATE kiln_template STRATEGY FILE_COPY")
        return (name, cluster.url(database: name))
    }

    /// A new empty database (no schema); returns its URL.
    package func makeEmptyDatabase() throws -> (name: String, url: String) {
        let name = "e_\(counter.next())_\(UInt32.random(in: 0...UInt32.max))"
        let admin = try Connection(url: cluster.url(database: "postgres"))
        try admin.execute("CREATE DATABASE \(name) TEMPLATE template0")
        return (name, cluster.url(database: name))
    }

    /// Drops a database made by this cluster, disconnecting its sessions.
    package func dropDatabase(_ name: String) throws {
        let admin = try Connection(url: cluster.url(database: "postgres"))
        try admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    private static func stopAtExit() {
        guard let cluster = try? sharedCluster.get().cluster else { return }
        _ = try? cluster.stop()
        try? FileManager.default.removeItem(atPath: cluster.stateDirectory)
    }

    /// Stops and removes `/tmp/kiln-test-<pid>` clusters whose process is gone.
    private static func removeAbandonedClusters() {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []
        for entry in entries where entry.hasPrefix("kiln-test-") {
            guard let pid = Int32(entry.dropFirst("kiln-test-".count)), pid != getpid() else { continue }
            if kill(pid, 0) == 0 || errno == EPERM { continue }
            let path = "/tmp/" + entry
            if let stale = try? LocalCluster(stateDirectory: path) { _ = try? stale.stop() }
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}

/// A thread-safe counter for unique names.
private final class Counter: Sendable {
    private let value = Mutex(0)

    func next() -> Int {
        value.withLock { value in
            value += 1
            return value
        }
    }
}
