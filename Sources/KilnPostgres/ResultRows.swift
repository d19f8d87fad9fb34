import CLibPQ
import Foundation

/// Read-only access to a query result's fields without building a `Row` per row: for queries that
/// return millions of values (report series). Valid only inside `Connection.withRows`.
package struct ResultRows: ~Copyable {
    fileprivate let result: OpaquePointer?

    /// Number of rows.
    package var count: Int { Int(PQntuples(result)) }

    /// `true` when the field is SQL NULL.
    package func isNull(_ row: Int, _ column: Int) -> Bool { PQgetisnull(result, Int32(row), Int32(column)) == 1 }

    /// The field as an integer (0 for NULL or non-numbers).
    package func int(_ row: Int, _ column: Int) -> Int {
        strtol(PQgetvalue(result, Int32(row), Int32(column)), nil, 10)
    }

    /// The field as a double; reads `NaN`, `Infinity` and `-Infinity`.
    package func double(_ row: Int, _ column: Int) -> Double {
        strtod(PQgetvalue(result, Int32(row), Int32(column)), nil)
    }

    /// Whether the field's text equals that of `other` (another row, same column), without building strings.
    package func sameText(_ row: Int, _ other: Int, _ column: Int) -> Bool {
        strcmp(PQgetvalue(result, Int32(row), Int32(column)), PQgetvalue(result, Int32(other), Int32(column))) == 0
    }

    /// The field as a string (empty for NULL).
    package func string(_ row: Int, _ column: Int) -> String {
        String(cString: PQgetvalue(result, Int32(row), Int32(column)))
    }
}

extension Connection {
    /// Runs one parameterised query and hands its rows to `body` for reading in place.
    package func withRows<T>(
        _ sql: String, _ parameters: [any PostgresEncodable] = [], _ body: (borrowing ResultRows) throws -> T
    ) throws -> T {
        try ensureConnected()
        let strings = parameters.map { $0.postgresText.flatMap { strdup($0) } }
        defer { strings.forEach { free($0) } }
        let pointers = strings.map { $0.map { UnsafePointer($0) } }
        let result = pointers.withUnsafeBufferPointer {
            PQexecParams(rawHandle, sql, Int32(parameters.count), nil, $0.baseAddress, nil, nil, 0)
        }
        defer { PQclear(result) }
        try check(result, sql: sql)
        return try body(ResultRows(result: result))
    }
}
