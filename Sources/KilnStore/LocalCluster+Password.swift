import Foundation
import KilnProtocol
import KilnPostgres

/// The cluster's password: made at `initdb`, kept in `<state dir>/pgpass` (libpq's password-file
/// format, mode 600, readable only by the user running Kiln) and named by the cluster's URL.
extension LocalCluster {
    /// `<state dir>/pgpass`: `*:*:*:kiln:<password>`, mode 600.
    package var passwordFile: String { stateDirectory + "/pgpass" }

    /// The password in `passwordFile`, when the file is there.
    var storedPassword: String? {
        guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8),
            let line = text.split(separator: "\n").first, let password = line.split(separator: ":").last
        else { return nil }
        return String(password)
    }

    /// Writes a new random password (256 bits, hex) to `passwordFile` and returns it.
    func writeNewPassword() throws -> String {
        var generator = SystemRandomNumberGenerator()
        let password = (0..<4).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
        try ClusterUser.current.writePrivateFile(passwordFile, contents: "*:*:*:kiln:\(password)\n")
        return password
    }

    /// Moves a running cluster that an older Kiln initialised with `trust` authentication to SCRAM:
    /// gives the `kiln` role a password (kept in `passwordFile`), lets only password logins through
    /// the unix socket, and restarts the server so no connection is trusted any more.
    func requirePassword(user: ClusterUser) throws {
        let rulesPath = dataDirectory + "/pg_hba.conf"
        let rules: String
        do {
            rules = try String(contentsOfFile: rulesPath, encoding: .utf8)
        } catch {
            throw StoreError.invalid(
                "cannot read \(rulesPath) to check the local PostgreSQL's authentication: \(fileSystemReason(of: error))"
            )
        }
        let trusts = rules.split(separator: "\n").contains { line in
            let fields = line.split(whereSeparator: \.isWhitespace)
            return fields.first.map { !$0.hasPrefix("#") } == true && fields.contains("trust")
        }
        guard trusts else {
            guard storedPassword != nil else {
                throw StoreError.invalid(
                    "the local PostgreSQL in \(clusterDirectory) needs the password that was in \(passwordFile), and that "
                        + "file is gone: restore it, or remove \(stateDirectory) to start again with an empty cluster")
            }
            return
        }
        let password = try storedPassword ?? writeNewPassword()
        let admin = try Connection(url: url(database: "postgres"))
        try admin.execute("SET password_encryption = 'scram-sha-256'")
        // ALTER ROLE takes no parameters: the server quotes the password as a literal.
        let statement = try admin.query("SELECT format('ALTER ROLE kiln PASSWORD %L', $1::text)", [password])
        try admin.execute(try statement[0].decode(String.self, at: 0))
        try """
        # Written by Kiln: unix-socket connections only, each with the password in \(passwordFile).
        local all all scram-sha-256

        """.write(toFile: rulesPath, atomically: false, encoding: .utf8)
        let bin = try Self.binDirectory()
        try user.command([
            bin + "/pg_ctl", "-D", dataDirectory, "-l", logPath, "-m", "fast", "-w", "-t", "60", "-s", "restart",
        ]).check()
    }
}
