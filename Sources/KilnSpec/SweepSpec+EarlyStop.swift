import KilnProtocol

extension SweepSpec {
    /// Keys of `early_stop:`.
    static let earlyStopKeys = [
        "law", "metric", "first_check", "interval", "margin", "confidence", "min_runs", "bootstrap",
    ]

    /// Parses `early_stop:` (docs/early-stopping.md): every key optional, each value checked where it is written.
    static func earlyStop(_ node: SpecNode) throws(SpecError) -> EarlyStopSettings {
        var settings = EarlyStopSettings()
        let fields = try node.fields(allowed: earlyStopKeys)
        func invalid(_ field: SpecNode, _ reason: String) -> SpecError {
            SpecError(.invalidValue(key: field.key, reason: reason), at: field.location)
        }
        func fraction(_ field: SpecNode) throws(SpecError) -> Double {
            let value = try field.double()
            guard value > 0 && value < 1 else { throw invalid(field, "must be between 0 and 1 (exclusive)") }
            return value
        }
        if let field = fields["law"] {
            let name = try field.string()
            guard let law = EarlyStopSettings.Law(rawValue: name) else {
                let known = EarlyStopSettings.Law.allCases.map(\.rawValue)
                let hint = Suggestion.nearest(to: name, in: known).map { "; did you mean '\($0)'?" } ?? ""
                throw invalid(field, "'\(name)' is not a law (annealing or multipower)\(hint)")
            }
            settings.law = law
        }
        if let field = fields["metric"] {
            settings.metric = try field.string()
            if settings.metric.isEmpty { throw invalid(field, "must name a metric (e.g. train/loss)") }
        }
        if let field = fields["first_check"] { settings.firstCheck = try fraction(field) }
        if let field = fields["interval"] {
            if let steps = try? field.int(), steps >= 1 {
                settings.interval = .steps(steps)
            } else {
                let value = try field.double()
                guard value > 0 && value < 1 else {
                    throw invalid(field, "a number of steps (1 or more) or a fraction of the run (between 0 and 1)")
                }
                settings.interval = .fraction(value)
            }
        }
        if let field = fields["margin"] {
            settings.margin = try field.double()
            guard settings.margin >= 0 && settings.margin < 1 else {
                throw invalid(field, "a relative margin: 0 or more and below 1 (0.01 is 1%)")
            }
        }
        if let field = fields["confidence"] {
            settings.confidence = try fraction(field)
            guard settings.confidence >= 0.5 else { throw invalid(field, "must be at least 0.5") }
        }
        if let field = fields["min_runs"] {
            settings.minRuns = try field.int()
            guard settings.minRuns >= 2 else { throw invalid(field, "must be at least 2") }
        }
        if let field = fields["bootstrap"] {
            settings.bootstrap = try field.int()
            guard (10...1000).contains(settings.bootstrap) else { throw invalid(field, "must be from 10 to 1000") }
        }
        return settings
    }
}
