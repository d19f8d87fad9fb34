import Foundation

/// A numeric distribution to draw a parameter from: what `random:` samples in a spec and what a
/// population's `explore: {resample: …}` draws again at run time. Stored as
/// `{"uniform": [low, high]}`, `{"log_uniform": [low, high]}` or `{"int": [low, high]}`.
package enum NumericDistribution: Sendable, Hashable {
    /// Uniform between two values.
    case uniform(Double, Double)
    /// Uniform in log space between two values (not exponents), both > 0.
    case logUniform(Double, Double)
    /// Uniform over the integers low...high, both included.
    case int(Int, Int)

    /// One draw: an integer for `int`, otherwise a number.
    package func sample(_ generator: inout SplitMix64) -> Draw {
        let u = generator.nextUniform()
        switch self {
        case .uniform(let low, let high): return .number(low + (high - low) * u)
        case .logUniform(let low, let high): return .number(exp(log(low) + (log(high) - log(low)) * u))
        case .int(let low, let high): return .integer(low + min(high - low, Int(u * Double(high - low + 1))))
        }
    }

    /// A drawn value.
    package enum Draw: Sendable, Hashable {
        case number(Double)
        case integer(Int)

        /// The value as a Double.
        package var double: Double {
            switch self {
            case .number(let value): value
            case .integer(let value): Double(value)
            }
        }
    }
}

extension NumericDistribution: Codable {
    private enum CodingKeys: String, CodingKey { case uniform, logUniform = "log_uniform", int }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let bounds = try c.decodeIfPresent([Double].self, forKey: .uniform), bounds.count == 2 {
            self = .uniform(bounds[0], bounds[1])
        } else if let bounds = try c.decodeIfPresent([Double].self, forKey: .logUniform), bounds.count == 2 {
            self = .logUniform(bounds[0], bounds[1])
        } else if let bounds = try c.decodeIfPresent([Int].self, forKey: .int), bounds.count == 2 {
            self = .int(bounds[0], bounds[1])
        } else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected uniform, log_uniform or int: [low, high]"))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .uniform(let low, let high): try c.encode([low, high], forKey: .uniform)
        case .logUniform(let low, let high): try c.encode([low, high], forKey: .logUniform)
        case .int(let low, let high): try c.encode([low, high], forKey: .int)
        }
    }
}
