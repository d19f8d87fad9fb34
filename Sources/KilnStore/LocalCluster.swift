import Foundation
import KilnPostgres
import KilnProtocol

/// Kiln's embedded PostgreSQL: a private cluster for one project, listening only on a unix socket,
/// with password (SCRAM) authentication and the password in a file only its user can read.
///
/// The cluster normally lives in `<project>/.kiln/postgres`. As root it runs as the unprivileged
/// `kilnpg` user; when that user cannot enter the project folder (under `/root`, mode 700) the
/// cluster lives in `/var/lib/kiln/clusters/<hash of the project path>` instead. When the socket
/// path would pass the 107-byte limit, the socket goes to `/tmp/kiln-<hash>`, a directory Kiln
/// creates itself (mode 700) and refuses to use when another user owns it or it is a symbolic link.
package struct LocalCluster: Sendable {
    /// `<project>/.kiln/postgres`, absolute.
    package let stateDirectory: String
    /// Where the data directory, log and (usually) socket live.
    package let clusterDirectory: String
    /// Where the server's unix socket lives: `clusterDirectory`, or `/tmp/kiln-<hash>` for deep paths.
    package let socketDirectory: String
    /// Extra `postgresql.conf` settings written at initialisation (the tests turn fsync off).
    package let settings: [String: String]
    /// The database Kiln uses inside the cluster.
    package let database: String

    let owner: String?
    let ownerUID: UInt32
    let ownerGID: UInt32

    /// Resolves paths (and, as root, the `kilnpg` user) for the cluster of `stateDirectory`.
    package init(stateDirectory: String, settings: [String: String] = [:], database: String = "kiln") throws {
        let absolute = URL(fileURLWithPath: stateDirectory).standardizedFileURL.path
        let user = try ClusterUser.resolve()
        self.stateDirectory = absolute
        self.settings = settings
        self.database = database
        owner = user.name
        ownerUID = user.uid
        ownerGID = user.gid
        let tag = FNV1a.hex(absolute)  // a stable short name for the path
        clusterDirectory = user.canTraverse(to: absolute) ? absolute : "/var/lib/kiln/clusters/\(tag)"
        let socketPath = clusterDirectory + "/.s.PGSQL.5432"
        socketDirectory = socketPath.utf8.count <= 100 ? clusterDirectory : "/tmp/kiln-\(tag)"
    }

    /// The cluster of the project in `directory` (`.kiln/postgres` inside it).
    package static func forProject(at directory: String) throws -> LocalCluster {
        try LocalCluster(stateDirectory: directory + "/.kiln/postgres")
    }

    package var dataDirectory: String { clusterDirectory + "/data" }
    package var logPath: String { clusterDirectory + "/server.log" }

    /// Whether `initdb` has made the cluster (a later `start()` only starts it).
    package var isInitialised: Bool { FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") }

    /// `postgresql://kiln@/<database>?host=<socket dir>&passfile=<state dir>/pgpass`: libpq reads the
    /// password from the file, so the URL itself holds no secret.
    package var url: String { url(database: database) }

    /// The URL of another database in the same cluster.
    package func url(database name: String) -> String {
        // `kiln db serve` may have moved the server to another port, which also names the socket.
        // A corrupt sharing.json reads as none here: `Database.resolve` refuses it first, naming the file.
        let port = (try? sharing)?.map { $0.port == 5432 ? "" : "&port=\($0.port)" } ?? ""
        return "postgresql://kiln@/\(name)?host=\(Self.percentEncoded(socketDirectory))"
            + "&passfile=\(Self.percentEncoded(passwordFile))" + port
    }

    /// Whether the server answers on the socket.
    package var isRunning: Bool { Connection.ping(url(database: "postgres")) }

    /// The server's process id from `postmaster.pid`, if the file exists.
    package var serverPID: Int32? {
        guard let text = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8) else {
            return nil
        }
        return text.split(separator: "\n").first.flatMap { Int32($0) }
    }

    /// Initialises (first use) and starts the cluster, then creates Kiln's database.
    /// Returns `false` when it was already running. Safe to call from several processes at once.
    /// Throws `StoreError.unsafeDirectory` when the socket directory is a symbolic link or another
    /// user's, and moves a cluster an older Kiln made with `trust` authentication to a password.
    @discardableResult
    package func start() throws -> Bool {
        let user = ClusterUser(name: owner, uid: ownerUID, gid: ownerGID)
        // The lock lives in the state directory, so it is made first; as root it may be the cluster's own.
        try (stateDirectory == clusterDirectory ? user : ClusterUser.current).makePrivateDirectory(stateDirectory)
        return try FileLock(path: stateDirectory + "/.lock").holding {
            if clusterDirectory.hasPrefix("/var/lib/kiln/") {
                try FileManager.default.createDirectory(
                    atPath: "/var/lib/kiln/clusters", withIntermediateDirectories: true)
            }
            if clusterDirectory != stateDirectory { try user.makePrivateDirectory(clusterDirectory) }
            if socketDirectory != clusterDirectory { try user.makePrivateDirectory(socketDirectory) }
            var started = false
            if !isRunning {
                let bin = try Self.binDirectory()
                if !isInitialised { try initialise(bin: bin, user: user) }
                try user.command([bin + "/pg_ctl", "-D", dataDirectory, "-l", logPath, "-w", "-t", "60", "-s", "start"])
                    .check()
                started = true
            }
            try requirePassword(user: user)
            try createDatabaseIfMissing()
            return started
        }
    }

    /// Stops the cluster (fast shutdown). Returns `false` when it was not running.
    /// `pg_ctl -D` names this cluster's data directory, so no other server is touched.
    @discardableResult
    package func stop() throws -> Bool {
        guard FileManager.default.fileExists(atPath: dataDirectory + "/postmaster.pid") else { return false }
        let user = ClusterUser(name: owner, uid: ownerUID, gid: ownerGID)
        let output = try user.command([
            try Self.binDirectory() + "/pg_ctl", "-D", dataDirectory, "-m", "fast", "-w", "-s", "stop",
        ]).run()
        if output.status != 0 && isRunning {
            throw StoreError.command(argv: ["pg_ctl", "stop"], status: output.status, output: output.text)
        }
        return output.status == 0
    }

    /// `initdb` with SCRAM authentication and a new password, then Kiln's settings.
    private func initialise(bin: String, user: ClusterUser) throws {
        try? FileManager.default.removeItem(atPath: dataDirectory)
        let password = try writeNewPassword()
        // initdb reads the password from a file the cluster user can read; it lives only as long as initdb.
        let passwordForInitdb = clusterDirectory + "/initdb-password"
        try user.writePrivateFile(passwordForInitdb, contents: password + "\n")
        defer { unlink(passwordForInitdb) }
        try user.command([
            bin + "/initdb", "-D", dataDirectory, "-U", "kiln", "--auth=scram-sha-256", "--pwfile=" + passwordForInitdb,
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        ]).check()
        try writeConfiguration()
    }

    private func writeConfiguration() throws {
        var lines = [
            "# Written by Kiln: unix socket only, no TCP.",
            "listen_addresses = ''",
            "unix_socket_directories = '\(socketDirectory.replacingOccurrences(of: "'", with: "''"))'",
            "password_encryption = 'scram-sha-256'",
            "max_connections = 200",
        ]
        for (key, value) in settings.sorted(by: { $0.key < $1.key }) { lines.append("\(key) = \(value)") }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dataDirectory + "/postgresql.conf"))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(("\n" + lines.joined(separator: "\n") + "\n").utf8))
    }

    private func createDatabaseIfMissing() throws {
        let admin = try Connection(url: url(database: "postgres"))
        if try admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]).isEmpty {
            do {
                try admin.execute("CREATE DATABASE \(Self.quoteIdentifier(database))")
            } catch let error as PostgresError where error.sqlState == "42P04" {
                // Created by a concurrent process: fine.
            }
        }
    }

    /// The folder holding `initdb` and `pg_ctl`: `$KILN_PG_BIN`, or the newest `/usr/lib/postgresql/*/bin`.
    package static func binDirectory() throws -> String {
        if let bin = ProcessInfo.processInfo.environment["KILN_PG_BIN"], !bin.isEmpty { return bin }
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap { Int($0) }.sorted(by: >)
        for version in versions where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
            return "\(root)/\(version)/bin"
        }
        throw StoreError.postgresNotInstalled(searched: ["$KILN_PG_BIN", root + "/*/bin"])
    }

    /// A double-quoted SQL identifier.
    static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `path` percent-encoded for a URL's query.
    private static func percentEncoded(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/-_.")))!
    }
}
