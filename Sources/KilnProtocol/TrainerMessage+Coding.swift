import Foundation

/// Why a protocol line could not be read.
package struct ProtocolError: Error, CustomStringConvertible, Equatable {
    package var line: String
    package var problem: String
    package var description: String { "malformed trainer line (\(problem)): \(line.prefix(200))" }
}

extension TrainerMessage {
    /// The largest step (and `total_steps`) a line may carry: 2^53, the largest whole number that
    /// every JSON reader holds exactly. Steps are whole numbers from 0 to this.
    package static let maximumStep = 9_007_199_254_740_992
    /// The longest metric name, in bytes of UTF-8. PostgreSQL indexes metric names, and an index row
    /// holds at most about 2.7 KB; 256 bytes leaves room for any sensible name.
    package static let maximumMetricNameBytes = 256

    /// Decodes one line of the protocol. Anything that is not a valid message throws `ProtocolError`:
    /// a step that is not a whole number from 0 to `maximumStep`, a metric name that is empty, holds
    /// a NUL or is over `maximumMetricNameBytes`, a checkpoint path with a NUL. A NUL in an error
    /// message is replaced by U+FFFD (PostgreSQL text cannot hold it).
    package init(line: some StringProtocol) throws {
        let text = String(line)
        let fields: Fields
        do {
            fields = try JSONDecoder().decode(Fields.self, from: Data(Self.quotingNonFiniteTokens(text).utf8))
        } catch let error as ProtocolError {
            throw ProtocolError(line: text, problem: error.problem)
        } catch {
            throw ProtocolError(line: text, problem: "not a JSON object of the protocol")
        }
        if let event = fields.event {
            switch event {
            case "start":
                self = .start(totalSteps: fields.totalSteps)
            case "checkpoint":
                guard let step = fields.step, let path = fields.path else {
                    throw ProtocolError(line: text, problem: "checkpoint needs step and path")
                }
                guard !path.contains("\u{0}") else {
                    throw ProtocolError(line: text, problem: "checkpoint path holds a NUL byte")
                }
                self = .checkpoint(step: step, path: path)
            case "done":
                self = .done(step: fields.step ?? 0)
            case "error":
                self = .error(message: (fields.message ?? "").replacingOccurrences(of: "\u{0}", with: "\u{FFFD}"))
            default:
                throw ProtocolError(line: text, problem: "unknown event '\(event)'")
            }
            return
        }
        guard let step = fields.step, let metrics = fields.metrics else {
            throw ProtocolError(line: text, problem: "expected \"event\", or \"step\" with \"metrics\"")
        }
        if let problem = metrics.keys.lazy.compactMap(Self.problem(metricName:)).first {
            throw ProtocolError(line: text, problem: problem)
        }
        self = .metrics(step: step, values: metrics.mapValues(\.value))
    }

    /// Why `name` cannot be a metric name, or nil when it can.
    private static func problem(metricName name: String) -> String? {
        let bytes = name.utf8.count
        if bytes == 0 { return "a metric name is empty" }
        if name.utf8.contains(0) { return "a metric name holds a NUL byte" }
        if bytes > maximumMetricNameBytes {
            return "a metric name is \(bytes) bytes long; at most \(maximumMetricNameBytes) bytes of UTF-8 are allowed"
        }
        return nil
    }

    /// The members a protocol line may have.
    private struct Fields: Decodable {
        var event: String?
        var step: Int?
        var totalSteps: Int?
        var path: String?
        var message: String?
        var metrics: [String: MetricValue]?

        enum CodingKeys: String, CodingKey { case event, step, totalSteps = "total_steps", path, message, metrics }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            event = try c.decodeIfPresent(String.self, forKey: .event)
            step = try Self.step(c, .step)
            totalSteps = try Self.step(c, .totalSteps)
            path = try c.decodeIfPresent(String.self, forKey: .path)
            message = try c.decodeIfPresent(String.self, forKey: .message)
            metrics = try c.decodeIfPresent([String: MetricValue].self, forKey: .metrics)
        }

        /// A step: a whole number from 0 to `maximumStep` (written as 120 or 120.0), or absent.
        private static func step(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Int? {
            guard c.contains(key), try !c.decodeNil(forKey: key) else { return nil }
            guard let number = try? c.decode(Double.self, forKey: key), let whole = Int(exactly: number),
                (0...TrainerMessage.maximumStep).contains(whole)
            else {
                throw ProtocolError(
                    line: "",
                    problem: "\(key.stringValue) must be a whole number from 0 to \(TrainerMessage.maximumStep)")
            }
            return whole
        }
    }

    /// A metric value: a JSON number, or one of the strings `NaN`, `Infinity`, `-Infinity`.
    private struct MetricValue: Decodable {
        var value: Double

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                value = number
            } else if let text = try? container.decode(String.self), let number = TrainerMessage.nonFinite[text] {
                value = number
            } else {
                let name = decoder.codingPath.last?.stringValue ?? "?"
                throw ProtocolError(line: "", problem: "metric '\(name)' is not a number")
            }
        }
    }

    /// The message as one line of JSON, without the newline.
    package var line: String {
        switch self {
        case .start(let total):
            return total.map { "{\"event\":\"start\",\"total_steps\":\($0)}" } ?? "{\"event\":\"start\"}"
        case .metrics(let step, let values):
            let fields = values.sorted { $0.key < $1.key }.map {
                "\(JSONString.quoted($0.key)):\(Self.number($0.value))"
            }
            return "{\"step\":\(step),\"metrics\":{\(fields.joined(separator: ","))}}"
        case .checkpoint(let step, let path):
            return "{\"event\":\"checkpoint\",\"step\":\(step),\"path\":\(JSONString.quoted(path))}"
        case .done(let step):
            return "{\"event\":\"done\",\"step\":\(step)}"
        case .error(let message):
            return "{\"event\":\"error\",\"message\":\(JSONString.quoted(message))}"
        }
    }

    fileprivate static let nonFinite: [String: Double] = ["NaN": .nan, "Infinity": .infinity, "-Infinity": -.infinity]

    private static func number(_ value: Double) -> String {
        if value.isNaN { return "\"NaN\"" }
        if value.isInfinite { return value > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
        return "\(value)"
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
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inString = false
                }
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
