import Foundation
import KilnPostgres
import KilnProtocol
import KilnStore
import KilnTestSupport
import Testing

@Suite(.tags(.postgres))
struct RunStoreTests {
    /// A sweep with runs `a`, `b` (child of `a`) and `c` (4 threads), trainers attached.
    static func queue() throws -> (RunStore, sweepID: Int64) {
        let connection = try Connection(url: FreshDatabase.url)
        let sweeps = SweepStore(connection: connection)
        let sweepID = try sweeps.upsert(name: "q", description: "", specText: "", specHash: "0", specPath: nil)
        var a = NewRun(name: "a", stage: "main", params: "{}", configHash: "1")
        a.maxAttempts = 2
        var b = NewRun(name: "b", stage: "child", params: "{}", configHash: "2")
        b.parentName = "a"
        var c = NewRun(name: "c", stage: "main", params: "{}", configHash: "3")
        c.threads = 4
        a.trainer = #"{"command": ["true"]}"#
        b.trainer = a.trainer
        c.trainer = a.trainer
        try sweeps.register([a, b, c], sweepID: sweepID)
        return (RunStore(connection: connection), sweepID)
    }

    @Test(.freshDatabase) func aChildIsClaimableOnlyOnceItsParentSucceeded() throws {
        let (store, sweepID) = try Self.queue()
        let a = try #require(
            try store.claim(worker: "w1", sweepID: sweepID, leaseSeconds: 30, freeThreads: 8, cores: 8))
        #expect(a.name == "a" && a.attempt == 1)
        let c = try #require(
            try store.claim(worker: "w2", sweepID: sweepID, leaseSeconds: 30, freeThreads: 8, cores: 8))
        #expect(c.name == "c")
        #expect(try store.claim(worker: "w3", sweepID: sweepID, leaseSeconds: 30, freeThreads: 8, cores: 8) == nil)
        #expect(
            try store.finish(runID: a.id, worker: "w1", attempt: 1, result: AttemptResult(status: .succeeded))
                == .succeeded)
        #expect(
            try store.claim(worker: "w3", sweepID: sweepID, leaseSeconds: 30, freeThreads: 8, cores: 8)?.name == "b")
    }

    @Test(.freshDatabase) func aRunNeedingMoreThreadsThanAreFreeWaits() throws {
        let (store, sweepID) = try Self.queue()
        _ = try store.claim(worker: "w1", sweepID: sweepID, leaseSeconds: 30, freeThreads: 2, cores: 8)  // a
        #expect(try store.claim(worker: "w2", sweepID: sweepID, leaseSeconds: 30, freeThreads: 2, cores: 8) == nil)
        // A run asking for more than the machine has counts as the whole machine.
        #expect(
            try store.claim(worker: "w2", sweepID: sweepID, leaseSeconds: 30, freeThreads: 2, cores: 2)?.name == "c")
    }

    @Test(.freshDatabase) func anExpiredLeaseIsTakenBackAndTheOldWorkerCanNoLongerWrite() throws {
        let (store, sweepID) = try Self.queue()
        let first = try #require(
            try store.claim(worker: "old", sweepID: sweepID, leaseSeconds: 0.001, freeThreads: 1, cores: 8))
        try store.connection.execute("SELECT pg_sleep(0.01)")
        let again = try #require(
            try store.claim(worker: "new", sweepID: sweepID, leaseSeconds: 30, freeThreads: 1, cores: 8))
        #expect(again.id == first.id && again.attempt == 2)
        #expect(
            try store.heartbeat(runID: first.id, worker: "old", attempt: 1, leaseSeconds: 30, progress: RunProgress())
                == nil)
        #expect(
            try store.finish(runID: first.id, worker: "old", attempt: 1, result: AttemptResult(status: .failed)) == nil)
        #expect(
            try store.heartbeat(
                runID: first.id, worker: "new", attempt: 2, leaseSeconds: 30, progress: RunProgress(step: 7)) == false)
        #expect(try store.run(id: first.id)?.progressStep == 7)
    }

    @Test(.freshDatabase) func theReaperFailsExhaustedRunsAndCancelsTheirChildren() throws {
        let (store, sweepID) = try Self.queue()
        let a = try #require(try store.claim(worker: "w", sweepID: sweepID, leaseSeconds: 30, freeThreads: 1, cores: 8))
        // A retryable failure with attempts left goes back to pending.
        #expect(
            try store.finish(
                runID: a.id, worker: "w", attempt: 1, result: AttemptResult(status: .failed, retryable: true))
                == .pending)
        _ = try #require(try store.claim(worker: "w", sweepID: sweepID, leaseSeconds: 0.001, freeThreads: 1, cores: 8))
        try store.connection.execute("SELECT pg_sleep(0.01)")
        #expect(try store.reap(sweepID: sweepID) == 2)  // a, then its child b, whose parent failed
        #expect(try store.reap(sweepID: sweepID) == 0)
        let runs = Dictionary(uniqueKeysWithValues: try store.runs(sweepID: sweepID).map { ($0.name, $0) })
        #expect(runs["a"]?.status == .failed && runs["a"]?.failure?.hasPrefix("lease expired") == true)
        #expect(runs["b"]?.status == .cancelled && runs["b"]?.failure == "parent a failed")
    }

    @Test(.freshDatabase) func cancellingFlagsRunningRunsAndCancelsPendingOnes() throws {
        let (store, sweepID) = try Self.queue()
        let a = try #require(try store.claim(worker: "w", sweepID: sweepID, leaseSeconds: 30, freeThreads: 1, cores: 8))
        #expect(try store.cancel(sweepID: sweepID) == 3)
        #expect(
            try store.heartbeat(runID: a.id, worker: "w", attempt: 1, leaseSeconds: 30, progress: RunProgress()) == true
        )
        #expect(
            try store.finish(
                runID: a.id, worker: "w", attempt: 1, result: AttemptResult(status: .failed, retryable: true))
                == .cancelled)
        #expect(try store.progress(sweepID: sweepID).cancelled == 3)
    }
}

/// A run registered without `max_attempts` gets the one declared default (issue 12).
@Suite(.tags(.postgres))
struct RunDefaultsStoreTests {
    @Test(.freshDatabase) func aRunRegisteredWithoutMaxAttemptsGetsTheDeclaredDefault() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let sweeps = SweepStore(connection: connection)
        let sweepID = try sweeps.upsert(name: "d", description: "", specText: "", specHash: "0", specPath: nil)
        try sweeps.register([NewRun(name: "a", stage: "main", params: "{}", configHash: "1")], sweepID: sweepID)
        let row = try connection.query("SELECT max_attempts, retry_attempts FROM runs WHERE name = 'a'")[0]
        #expect(try row.decode(Int.self, at: 0) == 2)
        #expect(try row.decode(Int.self, at: 1) == 2)
    }

    @Test(.freshDatabase) func theSchemaDefaultIsTheDeclaredDefaultToo() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let row = try connection.query(
            """
            SELECT column_default FROM information_schema.columns
            WHERE table_name = 'runs' AND column_name = 'max_attempts'
            """)[0]
        #expect(try row.decode(String.self, at: 0) == String(RunDefaults.maxAttempts))
    }
}

@Suite(.tags(.postgres))
struct RunGPUsTests {
    @Test(.freshDatabase) func aRunsGPUsAreReadAsTheClaimReadsThem() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let sweeps = SweepStore(connection: connection)
        let sweepID = try sweeps.upsert(name: "g", description: "", specText: "", specHash: "0", specPath: nil)
        let params = [#"{"gpus": true}"#, #"{"gpus": 2}"#, #"{"gpus": 2.0}"#, #"{"gpus": "1"}"#, "{}"]
        try sweeps.register(
            params.enumerated().map {
                var run = NewRun(name: "r\($0.offset)", stage: "main", params: $0.element, configHash: "\($0.offset)")
                run.trainer = #"{"command": ["true"]}"#
                return run
            },
            sweepID: sweepID)
        let store = RunStore(connection: connection)
        #expect(try store.runs(sweepID: sweepID).map(\.gpus) == [0, 2, 2, 0, 0])
        var claimed: [String] = []
        while let run = try store.claim(
            worker: "w", sweepID: sweepID, leaseSeconds: 30, freeThreads: 8, cores: 8, freeGPUs: 0)
        {
            claimed.append(run.name)
        }
        #expect(claimed.sorted() == ["r0", "r3", "r4"], "the claim and the record disagree on what needs a GPU")
    }
}
