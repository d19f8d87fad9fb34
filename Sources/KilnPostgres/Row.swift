import Foundation

/// One row of a query result, read by column index or name. Values arrive as text.
package struct Row: Sendable {
    package let columns: [String]
    /// Each field's text, `nil` for NULL.
    package let values: [String?]

    package init(columns: [String], values: [String?]) {
        self.columns = columns
        self.values = values
    }

    /// The raw text of a column, `nil` for NULL.
    package subscript(_ index: Int) -> String? { values[index] }

    /// The raw text of the named column, `nil` for NULL or an unknown name.
    package subscript(_ name: String) -> String? {
        columns.firstIndex(of: name).flatMap { values[$0] }
    }

    /// Decodes the column at `index`.
    package func decode<T: PostgresDecodable>(_ type: T.Type = T.self, at index: Int) throws -> T {
        try T.decode(postgresText: values[index], column: columns[index])
    }

    /// Decodes the named column.
    package func decode<T: PostgresDecodable>(_ type: T.Type = T.self, _ name: String) throws -> T {
        guard let index = columns.firstIndex(of: name) else {
            throw PostgresError(
                .decoding, message: "no column '\(name)' in result (columns: \(columns.joined(separator: ", ")))")
        }
        return try decode(type, at: index)
    }
}

/// A Swift type that can be read from a text-format result value.
package protocol PostgresDecodable {
    /// Decodes `text` (`nil` for NULL) read from `column`.
    static func decode(postgresText text: String?, column: String) throws -> Self
}

extension PostgresDecodable {
    static func mismatch(_ text: String?, _ column: String) -> PostgresError {
        PostgresError(
            .decoding, message: "column '\(column)': cannot read \(text.map { "'\($0)'" } ?? "NULL") as \(Self.self)")
    }
}

extension String: PostgresDecodable {
    package static func decode(postgresText text: String?, column: String) throws -> String {
        guard let text else { throw mismatch(nil, column) }
        return text
    }
}

extension Int: PostgresDecodable {
    package static func decode(postgresText text: String?, column: String) throws -> Int {
        guard let text, let value = Int(text) else { throw mismatch(text, column) }
        return value
    }
}

extension Int64: PostgresDecodable {
    package static func decode(postgresText text: String?, column: String) throws -> Int64 {
        guard let text, let value = Int64(text) else { throw mismatch(text, column) }
        return value
    }
}

extension Double: PostgresDecodable {
    package static func decode(postgresText text: String?, column: String) throws -> Double {
        switch text {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        case let text?: if let value = Double(text) { return value }
        case nil: break
        }
        throw mismatch(text, column)
    }
}

extension Bool: PostgresDecodable {
    package static func decode(postgresText text: String?, column: String) throws -> Bool {
        switch text {
        case "t": return true
        case "f": return false
        default: throw mismatch(text, column)
        }
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    package static func decode(postgresText text: String?, column: String) throws -> Wrapped? {
        guard let text else { return nil }
        return try Wrapped.decode(postgresText: text, column: column)
    }
}
