import KilnStore

/// A population of a sweep (population-based training): its segments' lineage as stored, and the
/// metric its members were ranked by.
package struct ReportPopulation: Sendable {
    /// The sweep's name.
    package var sweep: String
    /// The population's stage.
    package var stage: String
    /// The metric members were ranked by (lower is better).
    package var metric: String
    /// Every segment, by generation and member.
    package var segments: [PopulationSegment]

    /// A population from its parts.
    package init(sweep: String, stage: String, metric: String, segments: [PopulationSegment]) {
        self.sweep = sweep
        self.stage = stage
        self.metric = metric
        self.segments = segments
    }

    /// Members in order.
    package var members: [Int] { Set(segments.map(\.member)).sorted() }

    /// The segments of `member`, by generation.
    package func segments(of member: Int) -> [PopulationSegment] {
        segments.filter { $0.member == member }.sorted { $0.generation < $1.generation }
    }

    /// The segments the final best member's weights went through, first generation first: from the
    /// last generation's segment with the lowest value of `metric` in `finals` (each run's final
    /// metrics), back through the segment each one started from.
    package func bestLineage(finals: [Int64: [String: Double]]) -> [PopulationSegment] {
        guard let last = segments.map(\.generation).max() else { return [] }
        let scored = segments.filter { $0.generation == last }.compactMap { segment in
            finals[segment.runID]?[metric].map { (segment, $0) }
        }
        guard var current = scored.min(by: { ($0.1, $0.0.member) < ($1.1, $1.0.member) })?.0 else { return [] }
        let byRun = Dictionary(uniqueKeysWithValues: segments.map { ($0.runID, $0) })
        var lineage = [current]
        while let source = current.sourceRunID.flatMap({ byRun[$0] }), lineage.count <= segments.count {
            lineage.append(source)
            current = source
        }
        return lineage.reversed()
    }
}
