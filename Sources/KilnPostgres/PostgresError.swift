/// A failure reported by libpq or the server, with every field the server sent.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is.
    public enum Kind: Sendable, Equatable {
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

    public var kind: Kind
    /// Five-character SQLSTATE such as `23505`, when the server sent one.
    public var sqlState: String?
    public var message: String
    public var detail: String?
    public var hint: String?
    public var constraint: String?
    /// The statement that failed, for context.
    public var query: String?

    public init(
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
    public var isUniqueViolation: Bool { sqlState == "23505" }

    /// `true` when retrying the whole transaction may succeed (serialization failure, deadlock, lost connection).
    public var isTransient: Bool {
        kind == .connectionLost || sqlState == "40001" || sqlState == "40P01" || sqlState?.hasPrefix("08") == true
            || sqlState == "57P01"
    }

    /// `true` when the server refused a statement for the data it carries: SQLSTATE class 22 (data
    /// exception, such as a NUL byte in text or a number out of range), 23 (integrity constraint
    /// violation) or 54 (program limit exceeded, such as an index row too large). Repeating the
    /// statement can never succeed; the same statement without the offending rows can.
    public var isDataError: Bool {
        guard kind == .server, let sqlClass = sqlState?.prefix(2) else { return false }
        return ["22", "23", "54"].contains(sqlClass)
    }

    public var description: String {
        var text = "database error"
        if let sqlState { text += " \(sqlState)" }
        text += ": \(message)"
        if let detail, !detail.isEmpty { text += "\nDETAIL: \(detail)" }
        if let hint, !hint.isEmpty { text += "\nHINT: \(hint)" }
        return text
    }
}
