import Foundation
import KilnPostgres
import KilnStore
import KilnTestSupport
import Testing

/// The embedded cluster is private to the user who made it: no other local user reaches it through
/// its socket, its password or its files.
@Suite(.tags(.postgres, .subprocess, .slow))
struct LocalClusterSecurityTests {
    /// A project whose cluster socket would pass the unix-socket path limit, so it moves to `/tmp/kiln-<hash>`.
    private static func deepProject() throws -> (root: String, cluster: LocalCluster) {
        let root = try ChildProcess.temporaryDirectory("kiln-deep")
        let project = root + "/" + String(repeating: "d", count: 50) + "/" + String(repeating: "e", count: 50)
        let cluster = try LocalCluster(stateDirectory: project + "/.kiln/postgres")
        #expect(cluster.socketDirectory.hasPrefix("/tmp/kiln-"))
        return (root, cluster)
    }

    /// The socket folder of a deep project is named by the FNV-1a 64 of its path: the name must not
    /// change between versions, or `kiln` would no longer find a running cluster.
    @Test func aDeepProjectsSocketFolderKeepsItsName() throws {
        let project = "/tmp/kiln-fnv-fixture/" + String(repeating: "d", count: 120)
        let cluster = try LocalCluster(stateDirectory: project + "/.kiln/postgres")
        #expect(cluster.socketDirectory == "/tmp/kiln-57bcd74d823e1139")
    }

    private static func remove(_ cluster: LocalCluster, root: String) {
        _ = try? cluster.stop()
        try? FileManager.default.removeItem(atPath: cluster.socketDirectory)
        try? FileManager.default.removeItem(atPath: root)
    }

    private static func mode(_ path: String) -> mode_t? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o7777 : nil
    }

    @Test func aSymlinkInPlaceOfTheSocketDirectoryIsRefused() throws {
        let (root, cluster) = try Self.deepProject()
        let target = try ChildProcess.temporaryDirectory("kiln-attacker")
        defer {
            Self.remove(cluster, root: root)
            try? FileManager.default.removeItem(atPath: target)
        }
        chmod(target, 0o777)
        try? FileManager.default.removeItem(atPath: cluster.socketDirectory)
        #expect(symlink(target, cluster.socketDirectory) == 0)
        do {
            try cluster.start()
            Issue.record("the cluster started with its socket in a symlinked directory")
        } catch {
            #expect("\(error)".contains(cluster.socketDirectory), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: target + "/.s.PGSQL.5432"))
    }

    @Test(.enabled(if: geteuid() == 0, "only root can make a directory owned by another user"))
    func aSocketDirectoryOwnedByAnotherUserIsRefused() throws {
        let (root, cluster) = try Self.deepProject()
        defer { Self.remove(cluster, root: root) }
        try? FileManager.default.removeItem(atPath: cluster.socketDirectory)
        try FileManager.default.createDirectory(atPath: cluster.socketDirectory, withIntermediateDirectories: false)
        chmod(cluster.socketDirectory, 0o777)
        #expect(chown(cluster.socketDirectory, 65534, 65534) == 0)  // nobody
        do {
            try cluster.start()
            Issue.record("the cluster started with its socket in another user's directory")
        } catch {
            #expect("\(error)".contains(cluster.socketDirectory), "\(error)")
            #expect("\(error)".contains("owned by"), "\(error)")
        }
        var info = stat()
        #expect(
            lstat(cluster.socketDirectory, &info) == 0 && info.st_uid == 65534,
            "the other user's directory is left alone")
    }

    @Test func aNewClusterNeedsItsPasswordAndKeepsItsFilesPrivate() throws {
        let (root, cluster) = try Self.deepProject()
        defer { Self.remove(cluster, root: root) }
        try cluster.start()
        // The URL Kiln prints works (it names the password file, never the password).
        let tables = try Connection(url: cluster.url).query("SELECT count(*) FROM pg_tables WHERE tablename = 'runs'")
        #expect(tables.count == 1)
        let pgpass = try String(contentsOfFile: cluster.stateDirectory + "/pgpass", encoding: .utf8)
        let password = try #require(pgpass.split(separator: ":").last?.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(password.count >= 32 && !cluster.url.contains(password))
        // Without the password the server refuses, even on its own socket.
        let bare = "postgresql://kiln@/postgres?host=\(cluster.socketDirectory)&passfile=/dev/null"
        #expect(throws: PostgresError.self) { try Connection(url: bare) }

        #expect(Self.mode(cluster.stateDirectory) == 0o700)
        #expect(Self.mode(cluster.stateDirectory + "/pgpass") == 0o600)
        #expect(Self.mode(cluster.socketDirectory) == 0o700)
        #expect(Self.mode(cluster.dataDirectory) == 0o700)
    }

    @Test func aClusterMadeWithTrustByAnOlderKilnIsMovedToAPassword() throws {
        let project = try ChildProcess.temporaryDirectory("kiln-trust")
        let cluster = try LocalCluster.forProject(at: project)
        defer {
            _ = try? cluster.stop()
            try? FileManager.default.removeItem(atPath: project)
        }
        try cluster.start()
        // What Kiln 0.1 left behind: `trust` for every local connection and no password file.
        try "local all all trust\n".write(
            toFile: cluster.dataDirectory + "/pg_hba.conf", atomically: false, encoding: .utf8)
        try? FileManager.default.removeItem(atPath: cluster.stateDirectory + "/pgpass")
        try cluster.stop()

        try cluster.start()
        let bare = "postgresql://kiln@/postgres?host=\(cluster.socketDirectory)&passfile=/dev/null"
        #expect(throws: PostgresError.self) { try Connection(url: bare) }
        #expect(try Connection(url: cluster.url).query("SELECT 1").count == 1)
        #expect(Self.mode(cluster.stateDirectory + "/pgpass") == 0o600)
    }
}
