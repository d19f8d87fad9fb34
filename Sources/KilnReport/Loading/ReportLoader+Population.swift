import KilnProtocol
import KilnStore

extension ReportLoader {
    /// The populations of `sweep` (population-based training) with their lineage; none for other sweeps.
    func populations(of sweep: SweepRecord) throws -> [ReportPopulation] {
        let store = PopulationStore(connection: connection)
        let rules = try store.rules(sweepID: sweep.id)
        guard !rules.isEmpty else { return [] }
        let segments = try store.lineage(sweepID: sweep.id)
        return rules.map { rule in
            ReportPopulation(
                sweep: sweep.name, stage: rule.stage, metric: rule.metric,
                segments: segments.filter { $0.stage == rule.stage })
        }
    }
}
