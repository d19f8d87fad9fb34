import Foundation
import KilnPostgres
import KilnStore
import KilnTestSupport
import Testing

/// `kiln db serve`: the cluster over TCP takes TLS connections with the password from the allowed
/// networks, and refuses the rest.
@Suite(.tags(.postgres, .subprocess, .slow))
struct ServeTests {
    @Test func listenAddressesAndNetworksAreParsedOrRefused() throws {
        let plain = try LocalCluster.Sharing(listen: "10.0.0.5", allowed: [])
        #expect(plain.address == "10.0.0.5" && plain.port == 5432 && plain.allowed == ["samenet"])
        let withPort = try LocalCluster.Sharing(listen: "0.0.0.0:5433", allowed: ["10.1.0.0/16"])
        #expect(withPort.address == "0.0.0.0" && withPort.port == 5433 && withPort.allowed == ["10.1.0.0/16"])
        let ipv6 = try LocalCluster.Sharing(listen: "[::1]:6000", allowed: ["::1/128"])
        #expect(ipv6.address == "::1" && ipv6.port == 6000)
        #expect(throws: StoreError.self) { try LocalCluster.Sharing(listen: "10.0.0.5:http", allowed: []) }
        #expect(throws: StoreError.self) { try LocalCluster.Sharing(listen: "10.0.0.5", allowed: ["10.0.0.0"]) }
        #expect(throws: StoreError.self) { try LocalCluster.Sharing(listen: "10.0.0.5", allowed: ["all trust"]) }
        #expect(throws: StoreError.self) { try LocalCluster.Sharing(listen: "a b", allowed: []) }
        // Networks PostgreSQL would refuse in pg_hba.conf, stopping the server: refused before they are written.
        for network in ["10.0.0.0/99", "10.0.0.0/33", "::/129", "10.0.0.256/8", "1.2.3/8", "10.0.0.0/-1", "::g/64"] {
            #expect(throws: StoreError.self, "\(network)") {
                try LocalCluster.Sharing(listen: "10.0.0.5", allowed: [network])
            }
        }
        let networks = try LocalCluster.Sharing(listen: "10.0.0.5", allowed: ["10.0.0.0/8", "0.0.0.0/0", "fd00::/8"])
        #expect(networks.allowed == ["10.0.0.0/8", "0.0.0.0/0", "fd00::/8"])
    }

    /// Runs `body` with a new project's cluster served on a free loopback port to `allowed`, its URL and
    /// the port; stops and removes it afterwards.
    func withServedCluster(allowed: [String], _ body: (LocalCluster, String, Int) throws -> Void) throws {
        let project = try ChildProcess.temporaryDirectory("kiln-serve")
        let cluster = try LocalCluster.forProject(at: project)
        defer {
            _ = try? cluster.stop()
            try? FileManager.default.removeItem(atPath: project)
        }
        let port = try FreePort.next()
        try body(cluster, try cluster.serve(LocalCluster.Sharing(listen: "127.0.0.1:\(port)", allowed: allowed)), port)
    }

    @Test func aServedClusterNeedsTLSAndThePassword() throws {
        try withServedCluster(allowed: ["127.0.0.1/32"]) { cluster, url, port in
            #expect(url.hasPrefix("postgresql://kiln:") && url.contains("@127.0.0.1:\(port)/kiln?sslmode=require"))
            #expect(try cluster.shareURL == url)

            // Over TCP with TLS and the password: in, and the session is encrypted.
            let remote = try Connection(url: url)
            let ssl = try remote.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            #expect(try ssl.first?.decode(Bool.self, at: 0) == true)
            // verify-full with the server's certificate as the root: the certificate names the address.
            let verified =
                url.replacingOccurrences(of: "sslmode=require", with: "sslmode=verify-full&sslrootcert=")
                + cluster.certificatePath
            #expect(try Connection(url: verified).query("SELECT 1").count == 1)
            // The unix socket still works, on the new port.
            #expect(try Connection(url: cluster.url).query("SELECT 1").count == 1)

            // Without the password, or without TLS: refused.
            let noPassword = "postgresql://kiln@127.0.0.1:\(port)/kiln?sslmode=require&passfile=/dev/null"
            #expect(throws: PostgresError.self) { try Connection(url: noPassword) }
            let noTLS = url.replacingOccurrences(of: "sslmode=require", with: "sslmode=disable")
            #expect(throws: PostgresError.self) { try Connection(url: noTLS) }

            var info = stat()
            #expect(lstat(cluster.dataDirectory + "/server.key", &info) == 0 && info.st_mode & 0o777 == 0o600)
            #expect(lstat(cluster.stateDirectory + "/sharing.json", &info) == 0 && info.st_mode & 0o777 == 0o600)
        }
    }

    @Test func aCorruptSharingFileIsAnErrorNamingIt() throws {
        let project = try ChildProcess.temporaryDirectory("kiln-serve")
        defer { try? FileManager.default.removeItem(atPath: project) }
        let cluster = try LocalCluster.forProject(at: project)
        try FileManager.default.createDirectory(atPath: cluster.stateDirectory, withIntermediateDirectories: true)
        let file = cluster.stateDirectory + "/sharing.json"
        try #"{"address": "10.0.0.5", "port": "#.write(toFile: file, atomically: false, encoding: .utf8)
        // Not the unix socket's URL without the port: an error that names the file.
        do {
            let url = try cluster.shareURL
            Issue.record("a corrupt \(file) gave \(url ?? "no URL") instead of an error")
        } catch {
            #expect("\(error)".contains(file) && "\(error)".contains("kiln db serve"), "\(error)")
        }
        #expect(throws: StoreError.self) {
            try Database.resolve(url: nil, projectDirectory: project, creatingCluster: true)
        }
    }

    @Test func aNetworkThatIsNotAllowedIsRefused() throws {
        try withServedCluster(allowed: ["10.255.0.0/16"]) { _, url, _ in
            #expect(throws: PostgresError.self) { try Connection(url: url) }
        }
    }
}
