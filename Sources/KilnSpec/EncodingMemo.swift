import Foundation
import KilnLearningRate
import KilnProtocol

/// The JSON work of resolving runs, done once where it can be: the runs of a grid share a few
/// schedules, mixtures and eval lists, and converting them through JSON costs more than the rest of
/// resolving a run. One memo serves one stage's expansion on one thread.
final class EncodingMemo {
    /// Conversions remembered at most (a schedule per run of a random search would grow without bound).
    static let capacity = 4096
    private var schedules: [ScheduleSpec: Converted] = [:]
    private var mixtures: [DataMixture: Converted] = [:]
    private var evalSets: [[EvalSet]: Converted] = [:]

    /// A value as a parameter, with the parameter's JSON (`ParamValue.json`).
    struct Converted {
        let value: ParamValue
        let json: String
    }
    /// Sorted-keys JSON, the form a run's trainer takes in its identity.
    private let sortedEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// A resolved schedule as the `schedule` parameter; `location` is where it was written.
    func paramValue(_ schedule: ScheduleSpec, at location: SourceLocation) throws(SpecError) -> Converted {
        try remembered(schedule, in: &schedules, key: "schedule", at: location)
    }

    /// A resolved mixture as the `data` parameter.
    func paramValue(_ mixture: DataMixture, at location: SourceLocation) throws(SpecError) -> Converted {
        try remembered(mixture, in: &mixtures, key: "data", at: location)
    }

    /// Resolved validation sets as the `eval` parameter.
    func paramValue(_ sets: [EvalSet], at location: SourceLocation) throws(SpecError) -> Converted {
        try remembered(sets, in: &evalSets, key: "eval", at: location)
    }

    /// `value` as a parameter (through its JSON form), from `table` when converted before.
    private func remembered<Value: Encodable & Hashable>(
        _ value: Value, in table: inout [Value: Converted], key: String,
        at location: SourceLocation
    ) throws(SpecError) -> Converted {
        if let hit = table[value] { return hit }
        let parameter: ParamValue
        do {
            parameter = try JSONDecoder().decode(ParamValue.self, from: JSONEncoder().encode(value))
        } catch {
            throw SpecError(.invalidValue(key: key, reason: "cannot be recorded (\(error))"), at: location)
        }
        let converted = Converted(value: parameter, json: parameter.json)
        if table.count < Self.capacity { table[value] = converted }
        return converted
    }

    /// `value` as JSON with sorted keys, empty if it cannot be encoded.
    func sortedJSON(_ value: some Encodable) -> String {
        (try? sortedEncoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) } ?? ""
    }
}
