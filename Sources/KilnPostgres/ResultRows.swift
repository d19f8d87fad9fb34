import CLibPQ
import Foundation

/// Read-only access to a query result's fields without building a `Row` per row: for queries that
/// return millions of values (report series). Valid only inside `Connection.withRows`. A text result
/// (the default) is read with `int`, `double` and `string`; a binary one with `int64`, `float64`,
/// `int64s`, `float64s` and `string`. `sameText` compares fields of either.
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

    /// Whether the field equals that of `other` (another row, same column), for text fields and text-format
    /// results, without building strings.
    package func sameText(_ row: Int, _ other: Int, _ column: Int) -> Bool {
        strcmp(PQgetvalue(result, Int32(row), Int32(column)), PQgetvalue(result, Int32(other), Int32(column))) == 0
    }

    /// The field as a string (empty for NULL); text travels the same way in both formats.
    package func string(_ row: Int, _ column: Int) -> String {
        String(cString: PQgetvalue(result, Int32(row), Int32(column)))
    }

    /// A binary `bigint` field (0 for NULL).
    package func int64(_ row: Int, _ column: Int) -> Int64 {
        isNull(row, column) ? 0 : Int64(bitPattern: bigEndian(row, column, at: 0))
    }

    /// A binary `double precision` field (NaN for NULL).
    package func float64(_ row: Int, _ column: Int) -> Double {
        isNull(row, column) ? .nan : Double(bitPattern: bigEndian(row, column, at: 0))
    }

    /// A binary one-dimensional `bigint[]` field (empty for NULL; a NULL element reads as 0).
    package func int64s(_ row: Int, _ column: Int) -> [Int64] {
        elements(row, column) { Int64(bitPattern: $0) }
    }

    /// A binary one-dimensional `double precision[]` field (empty for NULL; a NULL element reads as NaN).
    package func float64s(_ row: Int, _ column: Int) -> [Double] {
        elements(row, column, null: .nan) { Double(bitPattern: $0) }
    }

    /// The 8-byte elements of a binary array: a header of dimensions, flags, element type, then per
    /// dimension its length and lower bound, then each element as its length and bytes, all big-endian.
    private func elements<T>(_ row: Int, _ column: Int, null: T? = nil, _ make: (UInt64) -> T) -> [T] {
        guard !isNull(row, column), bigEndian32(row, column, at: 0) == 1 else { return [] }
        let count = Int(bigEndian32(row, column, at: 12))
        var values: [T] = []
        values.reserveCapacity(count)
        var offset = 20
        for _ in 0..<count {
            let length = Int32(bitPattern: bigEndian32(row, column, at: offset))
            if length == 8 {
                values.append(make(bigEndian(row, column, at: offset + 4)))
                offset += 12
            } else {
                values.append(null ?? make(0))
                offset += 4 + max(Int(length), 0)
            }
        }
        return values
    }

    private func bigEndian(_ row: Int, _ column: Int, at offset: Int) -> UInt64 {
        UInt64(
            bigEndian: UnsafeRawPointer(PQgetvalue(result, Int32(row), Int32(column))!)
                .loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    private func bigEndian32(_ row: Int, _ column: Int, at offset: Int) -> UInt32 {
        UInt32(
            bigEndian: UnsafeRawPointer(PQgetvalue(result, Int32(row), Int32(column))!)
                .loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}

extension Connection {
    /// Runs one parameterised query and hands its rows to `body` for reading in place; with `binary`, the
    /// server sends every field in its binary form (no number formatting or parsing).
    package func withRows<T>(
        _ sql: String, _ parameters: [any PostgresEncodable] = [], binary: Bool = false,
        _ body: (borrowing ResultRows) throws -> T
    ) throws -> T {
        try ensureConnected()
        let strings = parameters.map { $0.postgresText.flatMap { strdup($0) } }
        defer { strings.forEach { free($0) } }
        let pointers = strings.map { $0.map { UnsafePointer($0) } }
        let result = pointers.withUnsafeBufferPointer {
            PQexecParams(rawHandle, sql, Int32(parameters.count), nil, $0.baseAddress, nil, nil, binary ? 1 : 0)
        }
        defer { PQclear(result) }
        try check(result, sql: sql)
        return try body(ResultRows(result: result))
    }
}
