/// A swept parameter's value: a number, a string or a flag.
package enum ParameterValue: Sendable, Hashable, CustomStringConvertible {
    /// A numeric value (integers are stored exactly up to 2^53).
    case number(Double)
    /// Free text, e.g. a schedule kind or a data mixture name.
    case text(String)
    /// A flag.
    case bool(Bool)

    /// The value as text: integral numbers without a decimal point, others in Swift's shortest round-trip form.
    package var description: String {
        switch self {
        case .number(let value): NumberFormatting.plain(value)
        case .text(let text): text
        case .bool(let flag): flag ? "true" : "false"
        }
    }

    /// The numeric value, if this is a number.
    package var number: Double? {
        if case .number(let value) = self { value } else { nil }
    }
}
