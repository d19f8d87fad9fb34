/// A two-sided interval for an estimate (95% unless stated).
public struct Interval: Sendable, Equatable {
    /// Lower end.
    public var lower: Double
    /// Upper end.
    public var upper: Double

    /// Creates an interval.
    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// True when `value` lies within the interval (ends included).
    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
}

/// A named fitted value with its interval when one was computed.
public struct Estimate: Sendable, Equatable {
    /// The parameter's name as used in JSON (`E`, `alpha`, `L0`, …).
    public var name: String
    /// The fitted value.
    public var value: Double
    /// Its interval, when computed.
    public var interval: Interval?

    /// Creates an estimate.
    public init(_ name: String, _ value: Double, interval: Interval? = nil) {
        self.name = name
        self.value = value
        self.interval = interval
    }
}
