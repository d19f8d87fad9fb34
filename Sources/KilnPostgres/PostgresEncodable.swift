import Foundation

/// A Swift value sent to PostgreSQL as a text-format parameter. Put casts in the SQL (`$1::jsonb`).
package protocol PostgresEncodable: Sendable {
    /// The value's text form, or `nil` for SQL NULL.
    var postgresText: String? { get }
}

extension String: PostgresEncodable {
    package var postgresText: String? { self }
}

extension Substring: PostgresEncodable {
    package var postgresText: String? { String(self) }
}

extension Int: PostgresEncodable {
    package var postgresText: String? { String(self) }
}

extension Int32: PostgresEncodable {
    package var postgresText: String? { String(self) }
}

extension Int64: PostgresEncodable {
    package var postgresText: String? { String(self) }
}

extension Bool: PostgresEncodable {
    package var postgresText: String? { self ? "t" : "f" }
}

extension Double: PostgresEncodable {
    /// NaN and the infinities use PostgreSQL's spellings; finite values their shortest exact form.
    package var postgresText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self > 0 ? "Infinity" : "-Infinity" }
        return description
    }
}

extension Date: PostgresEncodable {
    /// Seconds since 1970 as text; write `to_timestamp($n::float8)` in SQL.
    package var postgresText: String? { timeIntervalSince1970.postgresText }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    package var postgresText: String? { self?.postgresText }
}

/// A JSON document sent as text; write `$n::jsonb` in SQL.
package struct JSONText: PostgresEncodable, Hashable {
    package var text: String
    package init(_ text: String) { self.text = text }
    /// Encodes `value` with sorted keys.
    package init(encoding value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        text = String(decoding: try encoder.encode(value), as: UTF8.self)
    }
    package var postgresText: String? { text }
}

/// A number, whose text needs no quoting inside an array literal.
package protocol PostgresNumber: PostgresEncodable {}

extension Int: PostgresNumber {}
extension Int64: PostgresNumber {}
extension Double: PostgresNumber {}

extension Array: PostgresEncodable where Element: PostgresNumber {
    /// A one-dimensional array literal (`{1,2.5,NaN}`); write `$n::bigint[]` or `$n::float8[]` in SQL.
    package var postgresText: String? { "{" + map { $0.postgresText ?? "NULL" }.joined(separator: ",") + "}" }
}
