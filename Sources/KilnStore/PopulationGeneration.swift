import KilnProtocol

/// The exploit and explore step of population-based training, as pure values: given how each member's
/// segment of a generation ended, which member each member's next segment starts from and which
/// parameters change. Ranked by the rule's metric, lower first; a member whose segment failed or
/// reported no finite value of the metric ranks last and always copies another.
package struct PopulationGeneration: Sendable, Hashable {
    /// One member's next segment.
    package struct Seat: Sendable, Hashable {
        /// The member.
        package var member: Int
        /// The member whose checkpoint it starts from (itself when it continues).
        package var source: Int
        /// Explored parameters and their new values; empty for a member that continues.
        package var changed: [String: NumericDistribution.Draw]
    }

    /// Every member's next segment, by member.
    package var seats: [Seat]

    /// The next generation after `generation`, or nil when no member has a score to copy from.
    /// `scores` holds each member's metric at the end of its segment (nil: failed or not reported);
    /// `values` the numeric parameters of each member's segment, for `perturb`.
    package init?(
        rule: PopulationRule, generation: Int, scores: [Int: Double?], values: [Int: [String: Double]]
    ) {
        let ranked = scores.keys.sorted {
            (Self.finite(scores[$0] ?? nil) ?? .infinity, $0) < (Self.finite(scores[$1] ?? nil) ?? .infinity, $1)
        }
        let scored = ranked.filter { Self.finite(scores[$0] ?? nil) != nil }
        let bottomCount = max(rule.exploiting, ranked.count - scored.count)
        let top = Array(scored.prefix(min(rule.exploiting, ranked.count - bottomCount)))
        guard !top.isEmpty else { return nil }
        let bottom = Set(ranked.suffix(bottomCount))
        seats = ranked.sorted().map { member in
            guard bottom.contains(member) else { return Seat(member: member, source: member, changed: [:]) }
            var generator = rule.generator(generation: generation + 1, member: member)
            let source = top[generator.next(below: top.count)]
            return Seat(member: member, source: source, changed: rule.explore(values[source] ?? [:], using: &generator))
        }
    }

    private static func finite(_ value: Double?) -> Double? {
        value.flatMap { $0.isFinite ? $0 : nil }
    }
}
