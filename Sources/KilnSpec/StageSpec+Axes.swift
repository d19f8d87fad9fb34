import KilnProtocol
import Foundation

extension StageSpec {
    /// The most rows an axis built from a count (`random.samples`, `seeds: n`) may have: its rows are
    /// held in memory while the plan streams.
    static let maximumRows = 10_000_000

    /// Distributions a `random:` parameter may use.
    static let distributions = ["uniform", "log_uniform", "int", "choice"]

    /// `random: {samples, seed, params: {name: {distribution: [...]}}}`: `samples` rows drawn with a
    /// SplitMix64 generator seeded by `seed`, sample by sample, parameters in file order.
    static func randomAxis(_ node: SpecNode, locations: inout [String: SourceLocation]) throws(SpecError) -> Axis {
        let fields = try node.fields(allowed: ["samples", "seed", "params"])
        guard let samplesNode = fields["samples"] else { throw SpecError(.missingKey("samples"), at: node.location) }
        let samples = try samplesNode.int()
        guard samples > 0 else {
            throw SpecError(
                .invalidValue(key: "random.samples", reason: "must be at least 1"), at: samplesNode.location)
        }
        guard samples <= maximumRows else {
            throw SpecError(
                .invalidValue(key: "random.samples", reason: "at most \(maximumRows) samples, found \(samples)"),
                at: samplesNode.location)
        }
        guard let params = fields["params"] else { throw SpecError(.missingKey("params"), at: node.location) }
        var draws: [(String, Distribution)] = []
        for entry in try params.entries() {
            draws.append((entry.key, try distribution(entry.value)))
            locations[entry.key] = entry.value.location
        }
        var generator = SplitMix64(seed: UInt64(bitPattern: Int64(try fields["seed"]?.int() ?? 0)))
        let rows = (0..<samples).map { _ in
            draws.map { Assignment(name: $0.0, value: $0.1.sample(&generator)) }
        }
        return Axis(source: "random", rows: rows)
    }

    static func distribution(_ node: SpecNode) throws(SpecError) -> Distribution {
        let entries = try node.entries(allowed: distributions)
        guard entries.count == 1, let entry = entries.first else {
            throw SpecError(
                .invalidValue(key: node.key, reason: "give exactly one of \(distributions.joined(separator: ", "))"),
                at: node.location)
        }
        let items = try entry.value.items()
        if entry.key == "choice" {
            guard !items.isEmpty else {
                throw SpecError(.invalidValue(key: entry.value.key, reason: "empty choice"), at: entry.value.location)
            }
            return .choice(try items.map { (item) throws(SpecError) in try item.value() })
        }
        guard items.count == 2 else {
            throw SpecError(
                .invalidValue(key: entry.value.key, reason: "expected [low, high]"), at: entry.value.location)
        }
        if entry.key == "int" {
            let low = try items[0].int(), high = try items[1].int()
            guard low <= high else {
                throw SpecError(.invalidValue(key: entry.value.key, reason: "low > high"), at: entry.value.location)
            }
            guard !high.subtractingReportingOverflow(low).overflow, high - low < Int.max else {
                throw SpecError(
                    .invalidValue(key: entry.value.key, reason: "the range is too wide for an integer"),
                    at: entry.value.location)
            }
            return .numeric(.int(low, high))
        }
        let low = try items[0].double(), high = try items[1].double()
        guard low <= high else {
            throw SpecError(.invalidValue(key: entry.value.key, reason: "low > high"), at: entry.value.location)
        }
        if entry.key == "log_uniform" {
            guard low > 0 else {
                throw SpecError(
                    .invalidValue(
                        key: entry.value.key,
                        reason: "log_uniform bounds are values (e.g. [1e-4, 1e-2]) and must be > 0"),
                    at: entry.value.location)
            }
            return .numeric(.logUniform(low, high))
        }
        return .numeric(.uniform(low, high))
    }

    /// `isoflop: {budgets: [C…], shapes: [{layers, width, heads, …}…], min_steps}`: one row per
    /// budget and shape, budget slowest; each sets `budget` and the shape's parameters.
    static func isoflopAxis(_ node: SpecNode, locations: inout [String: SourceLocation]) throws(SpecError) -> (
        Axis, IsoFLOPSettings
    ) {
        let fields = try node.fields(allowed: ["budgets", "shapes", "min_steps"])
        guard let budgetsNode = fields["budgets"] else { throw SpecError(.missingKey("budgets"), at: node.location) }
        guard let shapesNode = fields["shapes"] else { throw SpecError(.missingKey("shapes"), at: node.location) }
        let budgets = try budgetsNode.items().map { (item) throws(SpecError) -> Double in
            let budget = try item.double()
            guard budget > 0 else {
                throw SpecError(
                    .invalidValue(key: item.key, reason: "a budget must be positive FLOPs"), at: item.location)
            }
            return budget
        }
        var shapes: [[Assignment]] = []
        for item in try shapesNode.items() {
            var shape: [Assignment] = []
            for entry in try item.entries() {
                shape.append(Assignment(name: entry.key, value: try entry.value.value()))
                locations[entry.key] = locations[entry.key] ?? entry.value.location
            }
            shapes.append(shape)
        }
        guard !budgets.isEmpty, !shapes.isEmpty else {
            throw SpecError(
                .invalidValue(key: "isoflop", reason: "needs at least one budget and one shape"), at: node.location)
        }
        locations["budget"] = budgetsNode.location
        locations["steps"] = node.location
        let rows = budgets.flatMap { budget in shapes.map { [Assignment(name: "budget", value: .double(budget))] + $0 }
        }
        let minSteps = try fields["min_steps"]?.int() ?? 10
        return (Axis(source: "isoflop", rows: rows), IsoFLOPSettings(minSteps: minSteps))
    }
}

/// A distribution of `random:`: a numeric one (shared with a population's `resample`) or a choice.
enum Distribution {
    case numeric(NumericDistribution)
    case choice([ParamValue])

    func sample(_ generator: inout SplitMix64) -> ParamValue {
        switch self {
        case .numeric(let distribution):
            switch distribution.sample(&generator) {
            case .number(let value): return .double(value)
            case .integer(let value): return .int(value)
            }
        case .choice(let items):
            return items[min(items.count - 1, Int(generator.nextUniform() * Double(items.count)))]
        }
    }
}
