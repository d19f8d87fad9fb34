import Foundation
import KilnProtocol

extension ParameterValue {
    /// The parameters in a JSON object such as the store's `runs.params`: nested objects flattened to
    /// dotted keys (`{"schedule": {"kind": "wsd"}}` → `schedule.kind`), arrays kept as their JSON text,
    /// nulls left out.
    package static func parameters(fromJSON data: Data) throws -> [String: ParameterValue] {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ReportError(.invalidParameters(message: "\(error)"))
        }
        guard let object = value.members else {
            throw ReportError(.invalidParameters(message: "expected a JSON object"))
        }
        var parameters: [String: ParameterValue] = [:]
        flatten(object, prefix: "", into: &parameters)
        return parameters
    }

    private static func flatten(
        _ object: [(String, JSONValue)], prefix: String, into out: inout [String: ParameterValue]
    ) {
        for (key, value) in object {
            let name = prefix + key
            switch value {
            case .object(let nested): flatten(nested, prefix: name + ".", into: &out)
            case .number(let number): out[name] = .number(number)
            case .integer(let integer): out[name] = .number(Double(integer))
            case .string(let text): out[name] = .text(text)
            case .bool(let flag): out[name] = .bool(flag)
            case .array: out[name] = .text(value.serialized(pretty: false))
            case .null: break
            }
        }
    }
}
