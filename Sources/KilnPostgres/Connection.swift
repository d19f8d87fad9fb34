import CLibPQ
import Foundation

/// One libpq connection. Not `Sendable`: one task or thread owns it (libpq allows one thread at a
/// time per connection). Every statement is parameterised; after the server drops the connection,
/// the failing call throws `.connectionLost` and the next call reconnects.
package final class Connection {
    /// The URL or `key=value` string this connection was opened with.
    package let url: String
    private var handle: OpaquePointer?
    /// Statements prepared in the current session (gone after a reconnect).
    private var prepared: Set<String> = []
    private var inTransaction = false
    /// Run after every reconnect to restore session state (temp tables, LISTENs).
    private var sessionSetup: [(Connection) throws -> Void] = []

    /// Connects to `url` (a `postgresql://` URL, including `?host=/socket/dir`, or a `key=value` string).
    /// `applicationName` shows in `pg_stat_activity`.
    package init(url: String, applicationName: String = "kiln") throws {
        self.url = url
        let keys = ["dbname", "application_name", "options", "connect_timeout"]
        let values = [url, applicationName, "-c client_min_messages=warning -c TimeZone=UTC", "10"]
        handle = withCStrings(keys) { keyPointers in
            withCStrings(values) { valuePointers in
                PQconnectdbParams(keyPointers, valuePointers, 1)
            }
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = errorMessage()
            PQfinish(handle)
            handle = nil
            throw PostgresError(.connect, message: message)
        }
    }

    deinit {
        PQfinish(handle)
    }

    /// `true` while libpq reports the connection healthy.
    package var isConnected: Bool { PQstatus(handle) == CONNECTION_OK }

    /// The server process serving this session.
    package var backendPID: Int32 { PQbackendPID(handle) }

    /// Registers work that restores session state; it runs now and after every reconnect.
    package func onEverySession(_ setup: @escaping (Connection) throws -> Void) throws {
        sessionSetup.append(setup)
        try setup(self)
    }

    /// Runs one statement with `$1…$n` parameters and returns its rows.
    @discardableResult
    package func query(_ sql: String, _ parameters: [any PostgresEncodable] = []) throws -> [Row] {
        try ensureConnected()
        let result = withParameters(parameters) { count, values in
            PQexecParams(handle, sql, count, nil, values, nil, nil, 0)
        }
        return try consume(result, sql: sql)
    }

    /// Runs one statement and returns the number of rows it affected.
    @discardableResult
    package func execute(_ sql: String, _ parameters: [any PostgresEncodable] = []) throws -> Int {
        try ensureConnected()
        let result = withParameters(parameters) { count, values in
            PQexecParams(handle, sql, count, nil, values, nil, nil, 0)
        }
        defer { PQclear(result) }
        try check(result, sql: sql)
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    /// Runs a hot statement through a server-side prepared statement named `name`, preparing it on first use in each session.
    @discardableResult
    package func query(prepared name: String, _ sql: String, _ parameters: [any PostgresEncodable]) throws -> [Row] {
        try ensureConnected()
        if !prepared.contains(name) {
            let result = PQprepare(handle, name, sql, Int32(parameters.count), nil)
            defer { PQclear(result) }
            try check(result, sql: sql)
            prepared.insert(name)
        }
        let result = withParameters(parameters) { count, values in
            PQexecPrepared(handle, name, count, values, nil, nil, 0)
        }
        return try consume(result, sql: sql)
    }

    /// Runs a script of several statements without parameters (migrations only).
    package func run(script: String) throws {
        try ensureConnected()
        let result = PQexec(handle, script)
        defer { PQclear(result) }
        try check(result, sql: script)
    }

    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws.
    /// A failed ROLLBACK never hides the body's error. Nesting is refused.
    package func withTransaction<T>(_ body: (Connection) throws -> T) throws -> T {
        guard !inTransaction else { throw PostgresError(.usage, message: "transactions cannot be nested") }
        try execute("BEGIN")
        inTransaction = true
        defer { inTransaction = false }
        let value: T
        do {
            value = try body(self)
        } catch {
            if isConnected { _ = try? execute("ROLLBACK") }
            throw error
        }
        try execute("COMMIT")
        return value
    }

    /// Opens a new session with the same parameters, restoring session state. Throws while the server is away.
    package func reconnect() throws {
        PQreset(handle)
        prepared.removeAll()
        inTransaction = false
        guard isConnected else { throw PostgresError(.connectionLost, message: errorMessage()) }
        for setup in sessionSetup { try setup(self) }
    }

    // MARK: - libpq plumbing

    var rawHandle: OpaquePointer? { handle }

    func ensureConnected() throws {
        if !isConnected { try reconnect() }
    }

    func errorMessage() -> String {
        String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func consume(_ result: OpaquePointer?, sql: String) throws -> [Row] {
        defer { PQclear(result) }
        try check(result, sql: sql)
        let rowCount = PQntuples(result), columnCount = PQnfields(result)
        let columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        var rows: [Row] = []
        rows.reserveCapacity(Int(rowCount))
        for r in 0..<rowCount {
            let values: [String?] = (0..<columnCount).map { c in
                PQgetisnull(result, r, c) == 1 ? nil : String(cString: PQgetvalue(result, r, c))
            }
            rows.append(Row(columns: columns, values: values))
        }
        return rows
    }

    /// Throws the result's error, if any, as a `PostgresError`.
    func check(_ result: OpaquePointer?, sql: String?) throws {
        let status = PQresultStatus(result)
        switch status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_COPY_IN, PGRES_EMPTY_QUERY: return
        default: break
        }
        func field(_ code: Int32) -> String? {
            guard let result, let value = PQresultErrorField(result, code) else { return nil }
            return String(cString: value)
        }
        let lost = !isConnected
        let message = field(Int32(CLIBPQ_DIAG_MESSAGE_PRIMARY)) ?? errorMessage()
        throw PostgresError(
            lost ? .connectionLost : .server, message: message.isEmpty ? errorMessage() : message,
            sqlState: field(Int32(CLIBPQ_DIAG_SQLSTATE)), detail: field(Int32(CLIBPQ_DIAG_MESSAGE_DETAIL)),
            hint: field(Int32(CLIBPQ_DIAG_MESSAGE_HINT)),
            constraint: field(Int32(CLIBPQ_DIAG_CONSTRAINT_NAME)), query: sql)
    }
}

/// Calls `body` with C strings that live exactly as long as the call.
private func withCStrings<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let owned = strings.map { $0.flatMap { strdup($0) } }
    defer { owned.forEach { free($0) } }
    let pointers = owned.map { $0.map { UnsafePointer($0) } } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}

/// Calls `body` with the parameter count and their C strings (NULL for SQL NULL).
private func withParameters<R>(
    _ parameters: [any PostgresEncodable], _ body: (Int32, UnsafePointer<UnsafePointer<CChar>?>) -> R
) -> R {
    withCStrings(parameters.map { $0.postgresText }) { body(Int32(parameters.count), $0) }
}

extension Connection {
    /// Whether a server answers at `url`, without authenticating (libpq's `PQping`).
    package static func ping(_ url: String) -> Bool {
        PQping(url) == PQPING_OK
    }
}
