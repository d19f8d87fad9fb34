import Foundation

/// An arithmetic expression over parameters: numbers, names, `+ - * / ^`, parentheses and the
/// functions `log` (natural), `exp`, `sqrt`, `min`, `max`, `round`. `^` binds tightest and to the right.
package indirect enum Expression: Sendable, Hashable {
    case number(Double)
    case name(String, offset: Int)
    case negate(Expression)
    case binary(Character, Expression, Expression)
    case call(String, [Expression], offset: Int)

    /// The functions an expression may call, with their argument counts.
    package static let functions: [String: ClosedRange<Int>] = [
        "log": 1...1, "exp": 1...1, "sqrt": 1...1, "round": 1...1, "min": 2...16, "max": 2...16,
    ]

    /// Parses `text`; errors point into the text, starting from `location`.
    package init(parsing text: String, at location: SourceLocation) throws(SpecError) {
        var parser = ExpressionParser(text: text, location: location)
        self = try parser.parseAll()
    }

    /// Every parameter name the expression reads, in order of appearance.
    package var names: [(name: String, offset: Int)] {
        switch self {
        case .number: []
        case .name(let name, let offset): [(name, offset)]
        case .negate(let inner): inner.names
        case .binary(_, let lhs, let rhs): lhs.names + rhs.names
        case .call(_, let arguments, _): arguments.flatMap(\.names)
        }
    }

    /// The value with every name looked up in `values`; `location` is where the expression starts.
    package func evaluate(_ values: [String: Double], at location: SourceLocation) throws(SpecError) -> Double {
        switch self {
        case .number(let value):
            return value
        case .name(let name, let offset):
            guard let value = values[name] else {
                throw SpecError(
                    .unknownName(name, suggestion: Suggestion.nearest(to: name, in: values.keys)),
                    at: location.shifted(by: offset))
            }
            return value
        case .negate(let inner):
            return -(try inner.evaluate(values, at: location))
        case .binary(let op, let lhs, let rhs):
            let a = try lhs.evaluate(values, at: location), b = try rhs.evaluate(values, at: location)
            switch op {
            case "+": return a + b
            case "-": return a - b
            case "*": return a * b
            case "/":
                guard b != 0 else { throw SpecError(.expression("division by zero"), at: location) }
                return a / b
            default: return pow(a, b)
            }
        case .call(let function, let arguments, let offset):
            var x: [Double] = []
            for argument in arguments { x.append(try argument.evaluate(values, at: location)) }
            switch function {
            case "log":
                guard x[0] > 0 else { throw SpecError(.expression("log of \(x[0])"), at: location.shifted(by: offset)) }
                return Foundation.log(x[0])
            case "exp": return Foundation.exp(x[0])
            case "sqrt":
                guard x[0] >= 0 else {
                    throw SpecError(.expression("sqrt of \(x[0])"), at: location.shifted(by: offset))
                }
                return x[0].squareRoot()
            case "round": return x[0].rounded()
            case "min": return x.min()!
            default: return x.max()!
            }
        }
    }
}
