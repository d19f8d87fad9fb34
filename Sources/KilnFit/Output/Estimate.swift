/// A two-sided interval for an estimate (95% unless stated).
package struct Interval: Sendable, Equatable {
    /// Lower end.
    package var lower: Double
    /// Upper end.
    package var upper: Double

    /// Creates an interval.
    package init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// True when `value` lies within the interval (ends included).
    package func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
}

/// A named fitted value with its interval when one was computed.
package struct Estimate: Sendable, Equatable {
    /// The parameter's name as used in JSON (`E`, `alpha`, `L0`, …).
    package var name: String
    /// The fitted value.
    package var value: Double
    /// Its interval, when computed.
    package var interval: Interval?

    /// Creates an estimate.
    package init(_ name: String, _ value: Double, interval: Interval? = nil) {
        self.name = name
        self.value = value
        self.interval = interval
    }
}
