import Foundation
import KilnPostgres

/// `kiln db serve`: the project's cluster as a server other machines reach over TCP, with TLS (a
/// generated self-signed certificate), SCRAM password authentication and `pg_hba` rules that let in
/// only the allowed networks, over TLS only. The unix socket keeps working as before.
extension LocalCluster {
    /// Where and to whom the cluster listens on TCP, as `kiln db serve` set it.
    package struct Sharing: Codable, Sendable, Equatable {
        /// The address PostgreSQL listens on (`listen_addresses`): an IP address, a host name, or `*`.
        package var address: String
        /// The TCP port (also the number in the unix socket's name).
        package var port: Int
        /// Networks (CIDR) allowed to connect; `samenet` (the server's own subnets) when none were given.
        package var allowed: [String]

        /// Parses `ADDRESS[:PORT]` (`[IPv6]:PORT` for IPv6) and the `--allow` networks; throws
        /// `StoreError.invalid` naming the value that is not an address or a network.
        package init(listen: String, allowed: [String], defaultPort: Int = 5432) throws {
            var host = listen
            var port = defaultPort
            if listen.hasPrefix("["), let close = listen.firstIndex(of: "]") {
                host = String(listen[listen.index(after: listen.startIndex)..<close])
                let rest = listen[listen.index(after: close)...]
                if rest.hasPrefix(":") {
                    guard let value = Int(rest.dropFirst()) else { throw StoreError.invalid("bad port in '\(listen)'") }
                    port = value
                }
            } else if listen.filter({ $0 == ":" }).count == 1, let colon = listen.lastIndex(of: ":") {
                host = String(listen[..<colon])
                guard let value = Int(listen[listen.index(after: colon)...]) else {
                    throw StoreError.invalid("bad port in '\(listen)': expected ADDRESS[:PORT], e.g. 10.0.0.5:5432")
                }
                port = value
            }
            guard (1...65535).contains(port) else {
                throw StoreError.invalid("port \(port) is not between 1 and 65535")
            }
            let hostCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-:*"))
            guard !host.isEmpty, host.unicodeScalars.allSatisfy(hostCharacters.contains) else {
                throw StoreError.invalid("'\(host)' is not an address to listen on (an IP address, a host name, or *)")
            }
            for network in allowed where !Self.isNetwork(network) {
                throw StoreError.invalid(
                    "'\(network)' is not a network in CIDR notation (e.g. 10.0.0.0/16, 10.0.0.5/32 or fd00::/8)")
            }
            address = host
            self.port = port
            self.allowed = allowed.isEmpty ? ["samenet"] : allowed
        }

        /// Whether `text` is `ADDRESS/BITS` with an IPv4 address and at most 32 bits, or an IPv6 address and
        /// at most 128: what `pg_hba.conf` accepts, checked before it is written (a line PostgreSQL refuses
        /// would keep the server from starting).
        static func isNetwork(_ text: String) -> Bool {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let bits = Int(parts[1]), bits >= 0, parts[1].allSatisfy(\.isASCII) else {
                return false
            }
            var buffer = [UInt8](repeating: 0, count: 16)
            let address = String(parts[0])
            if inet_pton(AF_INET, address, &buffer) == 1 { return bits <= 32 }
            if inet_pton(AF_INET6, address, &buffer) == 1 { return bits <= 128 }
            return false
        }

        /// A TCP port on 127.0.0.1 that nothing listens on now: the kernel's pick for a socket bound
        /// to port 0 (for servers only this machine reaches: benchmarks, tests).
        package static func freeLoopbackPort() throws -> Int {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else {
                throw StoreError.invalid("cannot open a TCP socket: \(String(cString: strerror(errno)))")
            }
            defer { close(descriptor) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
                }
            }
            guard bound else {
                throw StoreError.invalid("cannot find a free TCP port: \(String(cString: strerror(errno)))")
            }
            return Int(UInt16(bigEndian: address.sin_port))
        }
    }

    /// `<state dir>/sharing.json`: present once `kiln db serve` ran.
    var sharingFile: String { stateDirectory + "/sharing.json" }

    /// How the cluster is shared, or nil when it listens on its unix socket only. Throws
    /// `StoreError.invalid` naming `sharing.json` when the file is not what `kiln db serve` wrote.
    package var sharing: Sharing? {
        get throws {
            guard let data = FileManager.default.contents(atPath: sharingFile) else { return nil }
            do {
                return try JSONDecoder().decode(Sharing.self, from: data)
            } catch {
                throw StoreError.invalid(
                    """
                    \(sharingFile) is not what 'kiln db serve' writes (\(Self.decodingReason(error))): it should hold the \
                    address, port and networks the cluster is served on, e.g. {"address":"10.0.0.5","port":5432,\
                    "allowed":["10.0.0.0/16"]}; repair it, matching the port in \(dataDirectory)/postgresql.auto.conf
                    """)
            }
        }
    }

    /// A JSON decoding error in a few words (which key, what was wrong), not Foundation's dump.
    private static func decodingReason(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .dataCorrupted(let context):
            return "not valid JSON" + (context.codingPath.isEmpty ? "" : " at \(path(context))")
        case .keyNotFound(let key, _): return "no \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "a wrong value at \(path(context))"
        default: return "\(error)"
        }
    }

    /// A decoding context's path as dotted keys (`port`).
    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map(\.stringValue).joined(separator: ".")
    }

    /// The server's certificate, which clients may use as `sslrootcert` for `sslmode=verify-full`.
    package var certificatePath: String { dataDirectory + "/server.crt" }

    /// Starts the cluster if needed and makes it listen on `sharing.address:port` with TLS, password
    /// logins from the allowed networks only (`hostssl … scram-sha-256`), then restarts it. Returns
    /// the URL for the other machines (`shareURL`). Idempotent: serving again replaces the settings,
    /// and the certificate is made once.
    @discardableResult
    package func serve(_ sharing: Sharing) throws -> String {
        try start()
        let user = ClusterUser(name: owner, uid: ownerUID, gid: ownerGID)
        if !FileManager.default.fileExists(atPath: certificatePath) {
            try makeCertificate(user: user, host: sharing.address)
        }
        let admin = try Connection(url: url(database: "postgres"))
        let settings: [(String, String)] = [
            ("listen_addresses", sharing.address), ("port", String(sharing.port)), ("ssl", "on"),
            ("ssl_cert_file", certificatePath), ("ssl_key_file", dataDirectory + "/server.key"),
            ("ssl_min_protocol_version", "TLSv1.2"),
        ]
        for (name, value) in settings {
            // ALTER SYSTEM takes no parameters: the server quotes the value as a literal.
            let statement = try admin.query(
                "SELECT format('ALTER SYSTEM SET %I = %L', $1::text, $2::text)", [name, value])
            try admin.execute(try statement[0].decode(String.self, at: 0))
        }
        var rules = [
            "# Written by Kiln (kiln db serve): the unix socket, and TLS from the allowed networks, each with the password.",
            "local all all scram-sha-256",
        ]
        rules += sharing.allowed.map { "hostssl all kiln \($0) scram-sha-256" }
        try (rules.joined(separator: "\n") + "\n").write(
            toFile: dataDirectory + "/pg_hba.conf", atomically: false, encoding: .utf8)
        try user.command([
            try Self.binDirectory() + "/pg_ctl", "-D", dataDirectory, "-l", logPath, "-m", "fast", "-w", "-t", "60",
            "-s", "restart",
        ]).check()
        // Recorded once the server listens: a failed restart leaves no URL that points nowhere.
        let data = try JSONEncoder().encode(sharing)
        try ClusterUser.current.writePrivateFile(sharingFile, contents: String(decoding: data, as: UTF8.self))
        guard let url = try shareURL else { throw StoreError.invalid("the cluster is not shared: run kiln db serve") }
        return url
    }

    /// `postgresql://kiln:<password>@HOST:PORT/<database>?sslmode=require` for `KILN_DATABASE_URL` on
    /// the other machines, or nil when the cluster is not served (throws when `sharing.json` is corrupt). HOST is this machine's name when
    /// the cluster listens on every address (`*`, `0.0.0.0`, `::`).
    package var shareURL: String? {
        get throws {
            guard let sharing = try sharing, let password = storedPassword else { return nil }
            let everywhere = ["*", "0.0.0.0", "::"].contains(sharing.address)
            var host = everywhere ? ProcessInfo.processInfo.hostName : sharing.address
            if host.contains(":") { host = "[\(host)]" }
            return "postgresql://kiln:\(password)@\(host):\(sharing.port)/\(database)?sslmode=require"
        }
    }

    /// A self-signed certificate and its key (mode 600, the cluster user's) in the data directory,
    /// made by `openssl` for `host`, valid ten years.
    private func makeCertificate(user: ClusterUser, host: String) throws {
        let key = dataDirectory + "/server.key"
        let certificate = certificatePath
        let name = ["*", "0.0.0.0", "::"].contains(host) ? ProcessInfo.processInfo.hostName : host
        let isAddress =
            name.allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" }
            && name.contains(where: { $0 == "." || $0 == ":" })
        try user.command([
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650", "-sha256",
            "-keyout", key, "-out", certificate, "-subj", "/CN=\(name)",
            "-addext", "subjectAltName=\(isAddress ? "IP" : "DNS"):\(name)",
        ]).check()
        for path in [key, certificate] where chmod(path, 0o600) != 0 {
            throw StoreError.cannotWrite(path, reason: "cannot make it private: \(String(cString: strerror(errno)))")
        }
    }
}
