import KilnProtocol
/// A resolved parameter value: what a spec's keys hold once expanded, and what the plan records.
/// Encodes as plain JSON (`3`, `0.001`, `"cosine"`, `true`, `[…]`, `{…}`).
package enum ParamValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)
    case list([ParamValue])
    case object([String: ParamValue])

    /// The value as a number, if it is one.
    package var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    /// The value as an integer, if it is an integer or a double without a fraction.
    package var integer: Int? {
        switch self {
        case .int(let value): value
        case .double(let value) where value.rounded() == value && abs(value) < 9e18: Int(value)
        default: nil
        }
    }

    /// The name of the value's type, for messages.
    package var typeName: String {
        switch self {
        case .int: "an integer"
        case .double: "a number"
        case .string: "a string"
        case .bool: "a boolean"
        case .list: "a list"
        case .object: "a mapping"
        }
    }

    /// Equal values, where an integer equals the same number written as a double.
    package func matches(_ other: ParamValue) -> Bool {
        if let a = number, let b = other.number { return a == b || abs(a - b) <= 1e-12 * max(abs(a), abs(b)) }
        return self == other
    }

    /// The entry at a dotted path (`schedule.kind`), if present.
    package func value(at path: ArraySlice<Substring>) -> ParamValue? {
        guard let head = path.first else { return self }
        guard case .object(let fields) = self, let next = fields[String(head)] else { return nil }
        return next.value(at: path.dropFirst())
    }

    /// Compact text: numbers as Swift prints them, strings bare, lists and mappings as JSON.
    package var description: String {
        switch self {
        case .int(let value): "\(value)"
        case .double(let value): value.rounded() == value && abs(value) < 1e15 ? "\(Int(value))" : "\(value)"
        case .string(let value): value
        case .bool(let value): "\(value)"
        case .list, .object: json
        }
    }

    /// The value as compact JSON with sorted keys.
    package var json: String {
        var out = ""
        writeJSON(to: &out)
        return out
    }

    /// `ParamValue.object(fields).json`, taking the JSON of a field from `written` where it gives it.
    static func objectJSON(_ fields: [String: ParamValue], written: (String) -> String?) -> String {
        var out = "{"
        for (index, field) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { out += "," }
            writeQuoted(field.key, to: &out)
            out += ":"
            if let json = written(field.key) { out += json } else { field.value.writeJSON(to: &out) }
        }
        return out + "}"
    }

    /// Appends `json` to `out` (one buffer for the whole value: run identities hash this text for every run).
    private func writeJSON(to out: inout String) {
        switch self {
        case .int(let value): out += "\(value)"
        case .double(let value): out += value.isFinite ? "\(value)" : "null"
        case .string(let value): Self.writeQuoted(value, to: &out)
        case .bool(let value): out += "\(value)"
        case .list(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.writeJSON(to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (index, field) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { out += "," }
                Self.writeQuoted(field.key, to: &out)
                out += ":"
                field.value.writeJSON(to: &out)
            }
            out += "}"
        }
    }

    /// `JSONString.quoted(text)`, without its scalar-by-scalar copy when nothing needs escaping.
    private static func writeQuoted(_ text: String, to out: inout String) {
        if text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += JSONString.quoted(text)
        } else {
            out += "\""
            out += text
            out += "\""
        }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([ParamValue].self) {
            self = .list(value)
        } else {
            self = .object(try container.decode([String: ParamValue].self))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .list(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
