/// What `kiln serve` listens on, which store it reads, and who may do what.
package struct ServeConfiguration: Sendable {
    /// Address to bind: an IPv4/IPv6 literal or a host name (`127.0.0.1` by default).
    package var host: String
    /// TCP port; 0 picks a free one.
    package var port: Int
    /// The store's PostgreSQL URL (already migrated).
    package var databaseURL: String
    /// The secret actions need, and every request needs when the server is reachable from elsewhere.
    package var token: String
    /// No actions at all: no forms are shown and every POST is refused.
    package var readOnly: Bool
    /// With `readOnly` on a non-loopback address: reading needs no token (pages are public).
    package var isPublic: Bool

    /// A configuration; `init` refuses `--public` without `--read-only` and an empty token.
    package init(
        host: String = "127.0.0.1", port: Int = 8787, databaseURL: String, token: String, readOnly: Bool = false,
        isPublic: Bool = false
    ) throws {
        guard !isPublic || readOnly else {
            throw ServeError.invalidOption("--public needs --read-only: a public server must not take actions")
        }
        guard token.utf8.count >= 16 else {
            throw ServeError.invalidOption("the token must be at least 16 characters (KILN_SERVE_TOKEN)")
        }
        self.host = host
        self.port = port
        self.databaseURL = databaseURL
        self.token = token
        self.readOnly = readOnly
        self.isPublic = isPublic
    }

    /// Whether `host` is a loopback address, reachable only from this machine.
    package var isLoopback: Bool { Self.isLoopback(host) }

    /// Whether every request (reading too) must carry the token: bound beyond loopback, unless
    /// `--read-only --public` made reading public on purpose.
    package var tokenRequiredForReading: Bool { !isLoopback && !(readOnly && isPublic) }

    /// `127.0.0.0/8`, `::1` and `localhost`.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
    }

    /// `HOST:PORT`, `[IPv6]:PORT` or `PORT` (on 127.0.0.1), as `--listen` takes it.
    package static func parseListen(_ text: String) throws -> (host: String, port: Int) {
        let hostPart: Substring, portPart: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else {
                throw ServeError.invalidOption("--listen \(text): expected [ADDRESS]:PORT")
            }
            portPart = rest.dropFirst()
        } else if let colon = text.lastIndex(of: ":") {
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
        } else {
            hostPart = "127.0.0.1"
            portPart = Substring(text)
        }
        guard let port = Int(portPart), (0...65_535).contains(port), !hostPart.isEmpty else {
            throw ServeError.invalidOption("--listen \(text): expected HOST:PORT, e.g. 127.0.0.1:8787")
        }
        return (String(hostPart), port)
    }
}
