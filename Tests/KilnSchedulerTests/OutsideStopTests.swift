import Foundation
import KilnScheduler
import KilnStore
import KilnTestSupport
import Testing

/// A trainer ended by a SIGTERM that Kiln did not send (under Slurm, a preemption, requeue or scancel
/// signals every process of the job at once, so the trainer may end before its worker sees its own
/// SIGTERM) gives its run back without spending an attempt, and the worker stops (issue 13).
@Suite(.tags(.postgres, .subprocess))
struct OutsideStopTests {
    @Test(.freshDatabase) func aTrainerStoppedFromOutsideGivesItsRunBackWithoutSpendingAnAttempt() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: outside-stop
                trainer:
                  command: [/bin/sh, "$FIXTURES/term-self.sh", "$MARKERS"]
                """)
        WorkerPool(settings: sweep.settings(), count: 1, sweepID: try sweep.sweepID).run()
        // Given back: pending, and the attempt it ran is not counted (the next claim is attempt 1 again).
        let stopped = try #require(try sweep.runs().values.first)
        #expect(stopped.status == .pending && stopped.attempt == 0, "\(stopped.status), attempt \(stopped.attempt)")

        WorkerPool(settings: sweep.settings(), count: 1, sweepID: try sweep.sweepID).run()
        let finished = try #require(try sweep.runs().values.first)
        #expect(
            finished.status == .succeeded && finished.attempt == 1, "\(finished.status), attempt \(finished.attempt)")
    }
}
