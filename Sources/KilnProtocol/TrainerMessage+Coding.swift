import Foundation

/// Why a protocol line could not be read.
public struct ProtocolError: Error, CustomStringConvertible, Equatable {
    public var line: String
    public var problem: String
    public var description: String { "malformed trainer line (\(problem)): \(line.prefix(200))" }
}

extension TrainerMessage {
    /// Decodes one line of the protocol.
    public init(line: some StringProtocol) throws {
        let text = String(line)
        let quoted = Self.quotingNonFiniteTokens(text)
        guard let object = try? JSONSerialization.jsonObject(with: Data(quoted.utf8)) as? [String: Any] else {
            throw ProtocolError(line: text, problem: "not a JSON object")
        }
        func int(_ key: String) -> Int? { (object[key] as? NSNumber).map { $0.intValue } }
        if let event = object["event"] as? String {
            switch event {
            case "start":
                self = .start(totalSteps: int("total_steps"))
            case "checkpoint":
                guard let step = int("step"), let path = object["path"] as? String else {
                    throw ProtocolError(line: text, problem: "checkpoint needs step and path")
                }
                self = .checkpoint(step: step, path: path)
            case "done":
                self = .done(step: int("step") ?? 0)
            case "error":
                self = .error(message: object["message"] as? String ?? "")
            default:
                throw ProtocolError(line: text, problem: "unknown event '\(event)'")
            }
            return
        }
        guard let step = int("step"), let metrics = object["metrics"] as? [String: Any] else {
            throw ProtocolError(line: text, problem: "expected \"event\", or \"step\" with \"metrics\"")
        }
        var values: [String: Double] = [:]
        for (name, raw) in metrics {
            if let number = raw as? NSNumber, type(of: raw) != Self.booleanType {
                values[name] = number.doubleValue
            } else if let string = raw as? String, let value = Self.nonFinite[string] {
                values[name] = value
            } else {
                throw ProtocolError(line: text, problem: "metric '\(name)' is not a number")
            }
        }
        self = .metrics(step: step, values: values)
    }

    /// The message as one line of JSON, without the newline.
    public var line: String {
        switch self {
        case .start(let total):
            return total.map { "{\"event\":\"start\",\"total_steps\":\($0)}" } ?? "{\"event\":\"start\"}"
        case .metrics(let step, let values):
            let fields = values.sorted { $0.key < $1.key }.map { "\(Self.quoted($0.key)):\(Self.number($0.value))" }
            return "{\"step\":\(step),\"metrics\":{\(fields.joined(separator: ","))}}"
        case .checkpoint(let step, let path):
            return "{\"event\":\"checkpoint\",\"step\":\(step),\"path\":\(Self.quoted(path))}"
        case .done(let step):
            return "{\"event\":\"done\",\"step\":\(step)}"
        case .error(let message):
            return "{\"event\":\"error\",\"message\":\(Self.quoted(message))}"
        }
    }

    /// The class JSONSerialization uses for `true`/`false` (`raw is Bool` also matches the numbers 0 and 1).
    private static let booleanType = type(of: NSNumber(value: true))

    private static let nonFinite: [String: Double] = ["NaN": .nan, "Infinity": .infinity, "-Infinity": -.infinity]

    private static func number(_ value: Double) -> String {
        if value.isNaN { return "\"NaN\"" }
        if value.isInfinite { return value > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
        return "\(value)"
    }

    /// A JSON string literal.
    static func quoted(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let s where s.value < 0x20: out += String(format: "\\u%04x", s.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Wraps bare `NaN`, `Infinity` and `-Infinity` tokens outside strings in quotes.
    static func quotingNonFiniteTokens(_ text: String) -> String {
        guard text.contains("NaN") || text.contains("Infinity") else { return text }
        var out = ""
        var inString = false, escaped = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
                out.append(character)
                index = text.index(after: index)
                continue
            }
            if character == "\"" { inString = true }
            var matched = false
            for token in ["-Infinity", "Infinity", "NaN"] where text[index...].hasPrefix(token) {
                out += "\"\(token)\""
                index = text.index(index, offsetBy: token.count)
                matched = true
                break
            }
            if !matched {
                out.append(character)
                index = text.index(after: index)
            }
        }
        return out
    }
}
