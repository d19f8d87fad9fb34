import Foundation
import KilnPostgres
import KilnStore
import KilnTestSupport
import Testing

/// Retry, delete and prune, the reaper's handling of cancelled runs whose worker died, and the
/// attempts table (issue 11, items 4, 17 and 20).
@Suite(.tags(.postgres))
struct RunControlsTests {
    static func claim(_ store: RunStore, _ sweepID: Int64, worker: String = "host/1/0", lease: Double = 30) throws
        -> RunRecord
    {
        try #require(try store.claim(worker: worker, sweepID: sweepID, leaseSeconds: lease, freeThreads: 8, cores: 8))
    }

    @Test(.freshDatabase) func retryGivesFailedRunsFreshAttemptsAndRequeuesTheChildrenCancelledBecauseOfThem() throws {
        let (store, sweepID) = try RunStoreTests.queue()  // a (max 2 attempts), b (child of a), c
        for attempt in 1...2 {
            let a = try Self.claim(store, sweepID)
            #expect(a.name == "a" && a.attempt == attempt)
            try store.finish(
                runID: a.id, worker: "host/1/0", attempt: attempt,
                result: AttemptResult(status: .failed, retryable: true, exitCode: 1, failure: "exit 1"))
        }
        try store.reap(sweepID: sweepID)
        var runs = Dictionary(uniqueKeysWithValues: try store.runs(sweepID: sweepID).map { ($0.name, $0) })
        #expect(runs["a"]?.status == .failed && runs["b"]?.status == .cancelled)

        // Retrying the failed parent re-queues the child that was cancelled because of it.
        let requeued = try store.retry(sweepID: sweepID, statuses: [.failed])
        #expect(Set(requeued.map(\.name)) == ["a", "b"])
        runs = Dictionary(uniqueKeysWithValues: try store.runs(sweepID: sweepID).map { ($0.name, $0) })
        let a = try #require(runs["a"])
        #expect(a.status == .pending && a.attempt == 2 && a.maxAttempts == 4 && a.failure == nil && a.exitCode == nil)
        #expect(runs["b"]?.status == .pending && runs["b"]?.failure == nil)
        #expect(try store.reap(sweepID: sweepID) == 0)

        let third = try Self.claim(store, sweepID)
        #expect(third.name == "a" && third.attempt == 3)
        #expect(try store.retry(sweepID: sweepID, statuses: [.failed, .cancelled]).isEmpty)  // nothing finished badly
    }

    @Test(.freshDatabase) func theReaperCancelsARunWhoseCancelWasRequestedAndWhoseWorkerDied() throws {
        let (store, sweepID) = try RunStoreTests.queue()
        let a = try Self.claim(store, sweepID, worker: "host/999/0")
        try store.cancel(sweepID: sweepID, runID: a.id)
        try store.expireLeases(workers: ["host/999/0"])  // what `kiln run` does for dead workers of its host
        #expect(
            try store.claim(worker: "other", sweepID: sweepID, leaseSeconds: 30, freeThreads: 1, cores: 8)?.id != a.id)
        #expect(try store.reap(sweepID: sweepID) == 2)  // a, and its child b, whose parent is now cancelled
        let run = try #require(try store.run(id: a.id))
        #expect(run.status == .cancelled)
        #expect(run.failure?.hasPrefix("cancelled") == true)
        #expect(try store.attempts(sweepID: sweepID)[a.id]?.map(\.status) == ["lost"])
    }

    @Test(.freshDatabase) func deletingARunDeletesItsChildrenMetricsAndAttemptsAndRefusesRunningRuns() throws {
        let (store, sweepID) = try RunStoreTests.queue()
        let a = try Self.claim(store, sweepID)
        let metrics = MetricStore(connection: store.connection)
        try metrics.ingest([MetricPoint(runID: a.id, name: "loss", step: 1, value: 2)])
        #expect(throws: StoreError.self) { try store.delete(runIDs: [a.id]) }
        #expect(try store.run(id: a.id) != nil)

        try store.finish(runID: a.id, worker: "host/1/0", attempt: 1, result: AttemptResult(status: .succeeded))
        let deleted = try store.delete(runIDs: [a.id])
        #expect(Set(deleted.map(\.name)) == ["a", "b"])
        #expect(try store.runs(sweepID: sweepID).map(\.name) == ["c"])
        #expect(try metrics.count(runID: a.id) == 0)
        #expect(try store.connection.query("SELECT count(*) FROM attempts")[0].decode(Int.self, at: 0) == 0)
    }

    @Test(.freshDatabase) func runsOfAnEarlierSpecVersionAreStale() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let sweeps = SweepStore(connection: connection)
        let store = RunStore(connection: connection)
        func register(_ names: [String], hash: String) throws -> Int64 {
            let id = try sweeps.upsert(name: "s", description: "", specText: hash, specHash: hash, specPath: nil)
            try sweeps.register(
                names.map { NewRun(name: $0, stage: "main", params: "{}", configHash: $0) },
                sweepID: id, specHash: hash)
            return id
        }
        let sweepID = try register(["x", "y"], hash: "v1")
        #expect(try store.staleRuns(sweepID: sweepID).isEmpty)
        _ = try register(["y", "z"], hash: "v2")
        #expect(try store.staleRuns(sweepID: sweepID).map(\.name) == ["x"])
        _ = try register(["x", "y"], hash: "v1")  // back to the first version
        #expect(try store.staleRuns(sweepID: sweepID).map(\.name) == ["z"])
    }

    @Test(.freshDatabase) func eachAttemptHasARowThatFollowsItAndProvenanceIsFenced() throws {
        let (store, sweepID) = try RunStoreTests.queue()
        let first = try Self.claim(store, sweepID, worker: "alpha/1/0")
        let provenance = AttemptProvenance(
            gitCommit: String(repeating: "a", count: 40), gitDirty: true,
            argv: ["/bin/true", "--lr", "0.1"], executable: "/bin/true",
            executableSHA256: String(repeating: "0", count: 64),
            environment: ["KILN_RUN_ID": String(first.id)])
        #expect(try store.recordProvenance(runID: first.id, worker: "alpha/1/0", attempt: 1, provenance))
        #expect(try !store.recordProvenance(runID: first.id, worker: "intruder/1/0", attempt: 1, provenance))
        try store.release(runID: first.id, worker: "alpha/1/0", attempt: 1)
        let again = try Self.claim(store, sweepID, worker: "beta/2/0", lease: 0.001)
        #expect(again.id == first.id && again.attempt == 1)
        try store.expireLeases(workers: ["beta/2/0"])
        let third = try Self.claim(store, sweepID, worker: "gamma/3/0")
        #expect(third.id == first.id && third.attempt == 2)
        try store.finish(
            runID: third.id, worker: "gamma/3/0", attempt: 2,
            result: AttemptResult(status: .failed, retryable: true, exitCode: 2, failure: "exit 2"))

        let attempts = try #require(try store.attempts(sweepID: sweepID)[first.id])
        #expect(attempts.map(\.status) == ["released", "lost", "failed"])
        #expect(attempts.map(\.attempt) == [1, 1, 2])
        #expect(attempts.map(\.host) == ["alpha", "beta", "gamma"])
        #expect(attempts.allSatisfy { $0.kilnVersion == "0.2.0" && $0.finishedAt != nil })
        #expect(attempts[0].provenance == provenance)
        #expect(attempts[2].exitCode == 2 && attempts[2].failure == "exit 2")
    }
}
