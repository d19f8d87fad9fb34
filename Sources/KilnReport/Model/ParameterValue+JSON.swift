import Foundation

extension ParameterValue {
    /// The parameters in a JSON object such as the store's `runs.params`: nested objects flattened to
    /// dotted keys (`{"schedule": {"kind": "wsd"}}` → `schedule.kind`), arrays kept as their JSON text,
    /// nulls left out.
    public static func parameters(fromJSON data: Data) throws -> [String: ParameterValue] {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ReportError(.invalidParameters(message: "\(error)"))
        }
        guard case .object(let object) = value else {
            throw ReportError(.invalidParameters(message: "expected a JSON object"))
        }
        var parameters: [String: ParameterValue] = [:]
        flatten(object, prefix: "", into: &parameters)
        return parameters
    }

    private static func flatten(_ object: [String: JSONValue], prefix: String, into out: inout [String: ParameterValue])
    {
        for (key, value) in object {
            let name = prefix + key
            switch value {
            case .object(let nested): flatten(nested, prefix: name + ".", into: &out)
            case .number(let number): out[name] = .number(number)
            case .string(let text): out[name] = .text(text)
            case .bool(let flag): out[name] = .bool(flag)
            case .array: out[name] = .text(value.jsonText)
            case .null: break
            }
        }
    }
}

/// A JSON value, decoded without Foundation's `Any` (so `true` never passes for `1`).
private enum JSONValue: Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let array = try? container.decode([JSONValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .number(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .array(let array): try container.encode(array)
        case .object(let object): try container.encode(object)
        }
    }

    /// Compact JSON text with sorted keys.
    var jsonText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
