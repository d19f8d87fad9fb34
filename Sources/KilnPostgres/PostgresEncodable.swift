import Foundation

/// A Swift value sent to PostgreSQL as a text-format parameter. Put casts in the SQL (`$1::jsonb`).
public protocol PostgresEncodable: Sendable {
    /// The value's text form, or `nil` for SQL NULL.
    var postgresText: String? { get }
}

extension String: PostgresEncodable {
    public var postgresText: String? { self }
}

extension Substring: PostgresEncodable {
    public var postgresText: String? { String(self) }
}

extension Int: PostgresEncodable {
    public var postgresText: String? { String(self) }
}

extension Int32: PostgresEncodable {
    public var postgresText: String? { String(self) }
}

extension Int64: PostgresEncodable {
    public var postgresText: String? { String(self) }
}

extension Bool: PostgresEncodable {
    public var postgresText: String? { self ? "t" : "f" }
}

extension Double: PostgresEncodable {
    /// NaN and the infinities use PostgreSQL's spellings; finite values their shortest exact form.
    public var postgresText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self > 0 ? "Infinity" : "-Infinity" }
        return description
    }
}

extension Date: PostgresEncodable {
    /// Seconds since 1970 as text; write `to_timestamp($n::float8)` in SQL.
    public var postgresText: String? { timeIntervalSince1970.postgresText }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public var postgresText: String? { self?.postgresText }
}

/// A JSON document sent as text; write `$n::jsonb` in SQL.
public struct JSONText: PostgresEncodable, Hashable {
    public var text: String
    public init(_ text: String) { self.text = text }
    /// Encodes `value` with sorted keys.
    public init(encoding value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        text = String(decoding: try encoder.encode(value), as: UTF8.self)
    }
    public var postgresText: String? { text }
}
