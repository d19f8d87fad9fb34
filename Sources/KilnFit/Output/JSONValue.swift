import KilnProtocol

/// A JSON value with object members kept in order, so output reads in the order a report lists it.
public indirect enum JSONValue: Sendable, Equatable {
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

    /// Equal when the serialised JSON texts are equal.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.serialized() == rhs.serialized() }

    /// The value as JSON text, indented by two spaces per level when `pretty`.
    public func serialized(pretty: Bool = true) -> String {
        var out = ""
        write(to: &out, indent: pretty ? 0 : nil)
        return out
    }

    /// The member named `key`, for objects.
    public subscript(key: String) -> JSONValue? {
        if case let .object(members) = self { return members.first { $0.0 == key }?.1 }
        return nil
    }

    /// The number, for numbers and integers.
    public var doubleValue: Double? {
        switch self {
        case let .number(v): v
        case let .integer(v): Double(v)
        default: nil
        }
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
        case let .number(v): out += v.isFinite ? (v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : "\(v)") : "null"
        case let .integer(v): out += String(v)
        case let .string(s): out += JSONString.quoted(s)
        case let .bool(b): out += b ? "true" : "false"
        case .null: out += "null"
        case let .array(items):
            guard !items.isEmpty else { out += "[]"; return }
            if items.allSatisfy(\.isScalar) {  // numbers and strings stay on one line
                out += "[" + items.map { $0.serialized(pretty: false) }.joined(separator: indent == nil ? "," : ", ") + "]"
                return
            }
            out += "["
            for (i, item) in items.enumerated() {
                out += (i > 0 ? "," : "") + newline
                item.write(to: &out, indent: inner)
            }
            out += close + "]"
        case let .object(members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                out += (i > 0 ? "," : "") + newline + JSONString.quoted(key) + (indent == nil ? ":" : ": ")
                value.write(to: &out, indent: inner)
            }
            out += close + "}"
        }
    }
}
