import Foundation
import KilnProtocol
import KilnStore

/// Recognises a continual-pretraining sweep: runs that start from another run's weights with a new
/// step counter. Upstream is the validation set of the parents' main data source, downstream that of
/// the continued runs'; baselines are runs without a parent trained on the downstream data.
struct ContinualPretrainingDetector {
    let records: [RunRecord]
    let runs: [ReportRun]

    func detect() -> ContinualPretraining? {
        let continued = records.filter { $0.parentRunID != nil && !$0.parentKeepStep }
        guard let first = continued.first, let parentID = first.parentRunID,
            let parent = records.first(where: { $0.id == parentID }),
            let upstream = mainSource(parent), let downstream = mainSource(first), upstream != downstream
        else { return nil }
        let parentIDs = Set(continued.compactMap(\.parentRunID))
        let baselines = records.filter {
            $0.parentRunID == nil && !parentIDs.contains($0.id) && mainSource($0) == downstream
        }
        let continuedIDs = Set(continued.map(\.id))
        let params = runs.filter { continuedIDs.contains($0.id) }.map(\.params)
        let keys = Set(params.flatMap(\.keys)).filter { key in Set(params.map { $0[key] }).count > 1 }.sorted()
        return ContinualPretraining(
            upstreamMetric: "val/\(upstream)/loss", downstreamMetric: "val/\(downstream)/loss", settingKeys: keys,
            runIDs: continued.map(\.id), baselineRunIDs: baselines.map(\.id))
    }

    /// The heaviest source of a run's first data mixture (`params.data.mixture`).
    private func mainSource(_ record: RunRecord) -> String? {
        guard let mixture = (try? JSONValue(parsing: record.params))?["data"]?["mixture"]?.arrayValue else {
            return nil
        }
        return mixture.max { ($0["weight"]?.doubleValue ?? 1) < ($1["weight"]?.doubleValue ?? 1) }?["source"]?
            .stringValue
    }
}
