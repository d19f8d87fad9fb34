import Foundation
import KilnPostgres
import KilnStore
import KilnTestSupport
import Testing

@testable import KilnReport

/// The report shows a run's status as the store holds it: one `RunStatus` (KilnStore's), no second
/// enum mapped from it with a default that would show an unknown state as pending.
@Suite(.tags(.postgres))
struct RunStatusTests {
    @Test("each stored status reaches the report's run as the store's own RunStatus", .freshDatabase)
    func storedStatusesReachTheReport() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let sweeps = SweepStore(connection: connection)
        let sweep = try sweeps.upsert(name: "states", description: "", specText: "", specHash: "h", specPath: nil)
        let statuses = KilnStore.RunStatus.allCases
        try sweeps.register(
            statuses.map { NewRun(name: $0.rawValue, stage: "main", params: "{}", configHash: $0.rawValue) },
            sweepID: sweep)
        for status in statuses {
            try connection.execute("UPDATE runs SET status = $1 WHERE name = $1", [status.rawValue])
        }

        let model = try ReportLoader(connection: connection).model(sweeps: ["states"], detail: .overview)
        let shown: [String: KilnStore.RunStatus] =
            Dictionary(uniqueKeysWithValues: model.runs.map { ($0.name, $0.status) })
        #expect(shown == Dictionary(uniqueKeysWithValues: statuses.map { ($0.rawValue, $0) }))
    }
}
