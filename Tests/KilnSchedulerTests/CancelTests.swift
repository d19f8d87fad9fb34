import Foundation
import KilnScheduler
import KilnStore
import KilnTestSupport
import Testing

@Suite(.tags(.postgres, .subprocess))
struct CancelTests {
    @Test(.freshDatabase) func cancellingASweepStopsItsRunningTrainerAndCancelsThePendingRuns() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: cancelme
                trainer:
                  command: [/usr/bin/python3, "$FIXTURES/hang.py"]
                seeds: 3
                """)
        let pool = WorkerPool(settings: sweep.settings(lease: 1.5), count: 1, sweepID: try sweep.sweepID)
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            pool.run()
            finished.signal()
        }
        try waitUntil("a run is running") { try sweep.runs().values.contains { $0.status == .running } }
        let cancel = try ChildProcess.run(
            [ChildProcess.kiln, "cancel", "cancelme"], in: sweep.project,
            environment: sweep.environment)
        #expect(cancel.status == 0, "\(cancel.stderr)")
        #expect(cancel.stdout.contains("cancelling 3 runs of sweep cancelme"))
        finished.wait()

        let runs = try sweep.runs().values
        #expect(runs.allSatisfy { $0.status == .cancelled })
        let stopped = try #require(runs.first { $0.attempt == 1 })
        // hang.py ignores SIGTERM: only the SIGKILL after the grace period ends it.
        #expect(stopped.logTail?.contains("ended: signal 9") == true)
        #expect(runs.filter { $0.attempt == 0 }.count == 2)
    }

    @Test(.freshDatabase) func cancellingOneRunLeavesTheOthersToFinish() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: cancelone
                trainer:
                  command: [/bin/sh, "$FIXTURES/noop.sh"]
                seeds: 3
                """)
        let target = try #require(try sweep.runs().values.min { $0.id < $1.id })
        let cancel = try ChildProcess.run(
            [ChildProcess.kiln, "cancel", target.name], in: sweep.project,
            environment: sweep.environment)
        #expect(cancel.status == 0, "\(cancel.stderr)")
        WorkerPool(settings: sweep.settings(), count: 1, sweepID: try sweep.sweepID).run()
        let runs = try sweep.runs()
        #expect(runs[target.name]?.status == .cancelled)
        #expect(runs.values.filter { $0.status == .succeeded }.count == 2)
    }
}
