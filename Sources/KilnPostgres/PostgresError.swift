/// A failure reported by libpq or the server, with every field the server sent.
package struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is.
    package enum Kind: Sendable, Equatable {
        /// Connecting failed.
        case connect
        /// The server rejected a statement (see `sqlState`).
        case server
        /// The connection is gone; `Connection` reconnects on the next call.
        case connectionLost
        /// A value could not be decoded into the requested Swift type.
        case decoding
        /// The caller used the API wrongly (for example nested transactions).
        case usage
    }

    package var kind: Kind
    /// Five-character SQLSTATE such as `23505`, when the server sent one.
    package var sqlState: String?
    package var message: String
    package var detail: String?
    package var hint: String?
    package var constraint: String?
    /// The statement that failed, for context.
    package var query: String?

    package init(
        _ kind: Kind, message: String, sqlState: String? = nil, detail: String? = nil, hint: String? = nil,
        constraint: String? = nil, query: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.query = query
    }

    /// `true` for a unique-constraint violation (`23505`).
    package var isUniqueViolation: Bool { sqlState == "23505" }

    /// What a caller that repeats its work (a worker loop) should do after this error: the one place
    /// Kiln decides whether a database error is worth retrying.
    package enum Recovery: Sendable, Equatable {
        /// Connecting failed (server down or unreachable): drop the connection, open a new one later.
        case reconnect
        /// Repeating the whole transaction may succeed: a serialization failure (`40001`), a deadlock
        /// (`40P01`), a lost connection (`Connection` reconnects on the next call), a connection
        /// exception (class `08`) or an administrator shutdown (`57P01`).
        case retry
        /// The server refused the statement for the data it carries: SQLSTATE class 22 (data
        /// exception, such as a NUL byte in text or a number out of range), 23 (integrity constraint
        /// violation) or 54 (program limit exceeded, such as an index row too large). Repeating the
        /// statement can never succeed; the same statement without the offending rows can.
        case refusedData
        /// Repeating cannot help: any other server error (a missing table, a bad statement), a
        /// decoding or usage error.
        case permanent
    }

    /// What to do after this error (see `Recovery`).
    package var recovery: Recovery {
        if kind == .connect { return .reconnect }
        if kind == .connectionLost || ["40001", "40P01", "57P01"].contains(sqlState)
            || sqlState?.hasPrefix("08") == true
        {
            return .retry
        }
        if kind == .server, let sqlClass = sqlState?.prefix(2), ["22", "23", "54"].contains(sqlClass) {
            return .refusedData
        }
        return .permanent
    }

    /// What to do after `error`: its `recovery` when it is a `PostgresError`, else `.permanent`.
    package static func recovery(after error: any Error) -> Recovery {
        (error as? PostgresError)?.recovery ?? .permanent
    }

    package var description: String {
        var text = "database error"
        if let sqlState { text += " \(sqlState)" }
        text += ": \(message)"
        if let detail, !detail.isEmpty { text += "\nDETAIL: \(detail)" }
        if let hint, !hint.isEmpty { text += "\nHINT: \(hint)" }
        return text
    }
}
