import Foundation
import KilnPostgres
import KilnStore

/// Sweeps written straight into a test database.
package enum StoreSamples {
    /// A name with everything HTML must escape.
    package static let hostile = #"<script>alert("x")</script> & 'q'"#

    /// A sweep named `name` with runs `runNames` (pending), each with `points` points of `metrics`.
    @discardableResult
    package static func sweep(
        _ connection: Connection, name: String, runNames: [String], metrics: [String] = ["train/loss"], points: Int = 5
    ) throws -> (sweepID: Int64, runIDs: [Int64]) {
        let sweeps = SweepStore(connection: connection)
        let sweepID = try sweeps.upsert(
            name: name, description: "about " + name, specText: "", specHash: "h", specPath: nil)
        try sweeps.register(
            runNames.enumerated().map { index, runName in
                NewRun(
                    name: runName, stage: "main", params: #"{"lr": \#(0.01 * Double(index + 1))}"#, configHash: runName)
            }, sweepID: sweepID)
        let ids = try RunStore(connection: connection).runs(sweepID: sweepID).map(\.id)
        let store = MetricStore(connection: connection)
        for id in ids {
            try store.ingest(
                metrics.flatMap { metric in
                    (0..<points).map {
                        MetricPoint(runID: id, name: metric, step: $0 * 10, value: 3 - 0.1 * Double($0))
                    }
                })
        }
        return (sweepID, ids)
    }
}
