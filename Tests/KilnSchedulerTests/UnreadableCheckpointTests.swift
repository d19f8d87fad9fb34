import Foundation
import KilnScheduler
import KilnStore
import KilnTestSupport
import Testing

/// A worker that cannot read the checkpoint a run must resume from (another node's disk, a shared
/// filesystem not mounted here) gives the run back, naming the path and its host, instead of
/// starting it from scratch or spending an attempt (issue 13, shared files).
@Suite(.tags(.postgres, .subprocess))
struct UnreadableCheckpointTests {
    @Test(.freshDatabase) func aCheckpointThisHostCannotReadSendsTheRunBackUntouched() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: elsewhere
                trainer:
                  command: [/bin/sh, "$FIXTURES/noop.sh", "$MARKERS"]
                """)
        let run = try #require(try sweep.runs().values.first)
        let missing = "/nonexistent-shared-fs/\(run.id)/checkpoints/ckpt-5.json"
        try CheckpointStore(connection: sweep.connection).record(runID: run.id, step: 5, path: missing)

        let pool = WorkerPool(settings: sweep.settings(), count: 1, sweepID: try sweep.sweepID)
        pool.run()

        let after = try #require(try sweep.runs()[run.name])
        #expect(after.status == .pending && after.attempt == 0, "\(after.status) attempt \(after.attempt)")
        #expect(sweep.markerLines(run.name) == 0, "the trainer started without its checkpoint")
        let fault = try #require(pool.workers[0].fault)
        #expect(fault.contains(missing) && fault.contains(ProcessInfo.processInfo.hostName), "\(fault)")
    }
}
