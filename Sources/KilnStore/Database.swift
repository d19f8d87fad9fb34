import Foundation
import KilnPostgres

/// Where Kiln's store is: a server URL the user gave, or the project's embedded local cluster.
package struct Database: Sendable {
    /// The URL connections use.
    package let url: String
    /// The local cluster, when Kiln manages the server.
    package let cluster: LocalCluster?

    /// `--database-url`, else `$KILN_DATABASE_URL`, else the local cluster of the project in `directory`.
    /// Only commands that create things pass `creatingCluster: true`; for the others a folder whose
    /// cluster was never initialised throws `StoreError.noProject` instead of growing a new cluster.
    package static func resolve(
        url: String?, projectDirectory directory: String = FileManager.default.currentDirectoryPath,
        creatingCluster: Bool = false
    ) throws -> Database {
        if let url = url ?? ProcessInfo.processInfo.environment["KILN_DATABASE_URL"], !url.isEmpty {
            return Database(url: url, cluster: nil)
        }
        let cluster = try LocalCluster.forProject(at: directory)
        if !creatingCluster && !cluster.isInitialised { throw StoreError.noProject(directory: directory) }
        _ = try cluster.sharing  // its port names the socket: a corrupt sharing.json is an error naming the file
        return Database(url: cluster.url, cluster: cluster)
    }

    package init(url: String, cluster: LocalCluster? = nil) {
        self.url = url
        self.cluster = cluster
    }

    /// Opens a migrated connection, starting the local cluster first when Kiln manages it.
    package func connect(applicationName: String = "kiln") throws -> Connection {
        if let cluster { try cluster.start() }
        let connection = try Connection(url: url, applicationName: applicationName)
        try Migrator.migrate(connection)
        return connection
    }
}
