import Foundation

/// Kiln's one JSON value: what it reads from stored JSON (a run's `params`, a fit's summary, a tool's
/// output) and what `kiln fit --json` writes. Decoded without Foundation's `Any`, so `true` stays a
/// boolean and `1` a number; object members keep their order (decoded objects: sorted by key).
package indirect enum JSONValue: Sendable, Equatable, Decodable {
    /// A number; non-finite numbers are written as null.
    case number(Double)
    /// An integer.
    case integer(Int)
    /// A string.
    case string(String)
    /// true or false.
    case bool(Bool)
    /// null.
    case null
    /// An array.
    case array([JSONValue])
    /// An object with members in order.
    case object([(String, JSONValue)])

    /// Parses JSON text.
    package init(parsing text: String) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let integer = try? container.decode(Int.self) {
            self = .integer(integer)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSONValue].self) {
            self = .array(items)
        } else {
            self = .object(
                try container.decode([String: JSONValue].self).sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
    }

    /// Equal when the serialised JSON texts are equal.
    package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.serialized() == rhs.serialized() }

    /// The value as JSON text, indented by two spaces per level when `pretty`.
    package func serialized(pretty: Bool = true) -> String {
        var out = ""
        write(to: &out, indent: pretty ? 0 : nil)
        return out
    }

    /// The member named `key`, for objects.
    package subscript(key: String) -> JSONValue? {
        if case let .object(members) = self { return members.first { $0.0 == key }?.1 }
        return nil
    }

    /// The number, for numbers and integers (never for a boolean).
    package var doubleValue: Double? {
        switch self {
        case let .number(v): v
        case let .integer(v): Double(v)
        default: nil
        }
    }

    /// The integer, for integers and numbers without a fraction (never for a boolean).
    package var intValue: Int? {
        switch self {
        case let .integer(v): v
        case let .number(v) where v.rounded() == v && abs(v) < 9e18: Int(v)
        default: nil
        }
    }

    /// The text, for strings.
    package var stringValue: String? {
        if case let .string(text) = self { text } else { nil }
    }

    /// The flag, for booleans.
    package var boolValue: Bool? {
        if case let .bool(flag) = self { flag } else { nil }
    }

    /// The items, for arrays.
    package var arrayValue: [JSONValue]? {
        if case let .array(items) = self { items } else { nil }
    }

    /// The members, for objects.
    package var members: [(String, JSONValue)]? {
        if case let .object(members) = self { members } else { nil }
    }

    /// The members by name, for an object whose members are all numbers (`{"E": 1.7, "A": 406}`).
    package var numberMembers: [String: Double]? {
        guard let members else { return nil }
        var out: [String: Double] = [:]
        for (key, value) in members {
            guard let number = value.doubleValue else { return nil }
            out[key] = number
        }
        return out
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    private func write(to out: inout String, indent: Int?) {
        let newline = indent.map { "\n" + String(repeating: "  ", count: $0 + 1) } ?? ""
        let close = indent.map { "\n" + String(repeating: "  ", count: $0) } ?? ""
        let inner = indent.map { $0 + 1 }
        switch self {
        case let .number(v):
            out += v.isFinite ? (v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)") : "null"
        case let .integer(v): out += String(v)
        case let .string(s): out += JSONString.quoted(s)
        case let .bool(b): out += b ? "true" : "false"
        case .null: out += "null"
        case let .array(items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            if items.allSatisfy(\.isScalar) {  // numbers and strings stay on one line
                out +=
                    "[" + items.map { $0.serialized(pretty: false) }.joined(separator: indent == nil ? "," : ", ") + "]"
                return
            }
            out += "["
            for (i, item) in items.enumerated() {
                out += (i > 0 ? "," : "") + newline
                item.write(to: &out, indent: inner)
            }
            out += close + "]"
        case let .object(members):
            guard !members.isEmpty else {
                out += "{}"
                return
            }
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                out += (i > 0 ? "," : "") + newline + JSONString.quoted(key) + (indent == nil ? ":" : ": ")
                value.write(to: &out, indent: inner)
            }
            out += close + "}"
        }
    }
}
