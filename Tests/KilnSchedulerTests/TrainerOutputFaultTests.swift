import Foundation
import KilnPostgres
@testable import KilnScheduler
import KilnSpec
import KilnStore
import KilnTestSupport
import Testing

/// Hostile trainer output and trainer processes: none may hang or crash a worker, lose a valid point
/// or store one twice, and each ends its run in the right state.
@Suite(.tags(.postgres, .subprocess))
struct TrainerOutputFaultTests {
    /// Every point of `runID` as (name, step, value), in order.
    static func stored(_ sweep: SweepFixture, runID: Int64) throws -> [String] {
        try MetricStore(connection: try Connection(url: sweep.url)).points(runIDs: [runID]).map {
            "\($0.name)@\($0.step)=\($0.value)"
        }
    }

    @Test(.freshDatabase) func metricNamesTheDatabaseCannotStoreAreMalformedLinesAndEveryValidPointIsStored() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: names
                max_attempts: 1
                trainer:
                  command: [/usr/bin/python3, "$FIXTURES/hostile_names.py"]
                """)
        let pool = BackgroundPool(WorkerPool(settings: sweep.settings(), count: 1, sweepID: try sweep.sweepID))
        try #require(pool.returns())
        let run = try #require(try sweep.runs().values.first)
        #expect(run.status == .succeeded)
        #expect(run.malformedLines == 2)
        #expect(
            try Self.stored(sweep, runID: run.id) == [
                "lr@1=0.001", "lr@2=0.001", "lr@3=0.001", "train/loss@1=2.0", "train/loss@2=1.5", "train/loss@3=1.0",
            ])
        // The worker that ended the run stored the overviews reports and pages draw.
        let overviews = try MetricOverviewStore(connection: try Connection(url: sweep.url)).overviews(runIDs: [run.id])
        #expect(overviews[run.id]?["train/loss"]?.values == [2.0, 1.5, 1.0])
        #expect(overviews[run.id]?["lr"]?.steps == [1, 2, 3])
    }

    @Test(.freshDatabase) func aBatchTheServerRejectsStoresItsValidPointsAndCheckpointAndReportsTheRejectedPoint()
        throws
    {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: rejected
                trainer:
                  command: [/bin/sh, "$FIXTURES/noop.sh"]
                """)
        let runID = try #require(try sweep.runs().values.first?.id)
        let sink = MetricSink(settings: sweep.settings())
        let valid = (1...10).map { MetricPoint(runID: runID, name: "train/loss", step: $0, value: Double($0)) }
        // Past the protocol's validation, as a point from a future bug would be: the server refuses it.
        let bad = MetricPoint(runID: runID, name: "bad\u{0}name", step: 5, value: 1)
        sink.add(Array(valid[..<5]) + [bad] + Array(valid[5...]))
        sink.checkpoint(runID: runID, step: 10, path: "/ckpt-10")
        let drained = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            sink.drain()
            drained.signal()
        }
        try #require(drained.wait(timeout: .now() + 60) == .success, "drain() never returned")
        sink.stop()
        #expect(try Self.stored(sweep, runID: runID) == valid.map { "train/loss@\($0.step)=\($0.value)" })
        #expect(try CheckpointStore(connection: sweep.connection).checkpoint(runID: runID)?.step == 10)
        let rejections = sink.takeRejections(runID: runID)
        #expect(rejections.count == 1)
        #expect(rejections.notes.first?.contains("at step 5") == true)
    }

    @Test(.freshDatabase) func stepsNoIntCanHoldAreMalformedLinesAndCrashNothing() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: steps
                max_attempts: 1
                trainer:
                  command: ["{program}", "$FIXTURES/{script}", "--marker", "$MARKERS"]
                zip:
                  program: [/bin/sh, /usr/bin/python3]
                  script: [hostile_steps.sh, trainer.py]
                """, register: false)
        let result = try ChildProcess.run(
            [ChildProcess.kiln, "run", sweep.specPath], in: sweep.project,
            environment: sweep.environment)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let runs = try sweep.runs().values
        let hostile = try #require(runs.first { $0.name.contains("hostile") })
        #expect(hostile.status == .succeeded)
        #expect(hostile.malformedLines == 7)
        #expect(
            try Self.stored(sweep, runID: hostile.id) == ["train/loss@1=2.0", "train/loss@2=1.5", "train/loss@3=1.0"])
        let good = try #require(runs.first { $0.name.contains("trainer") })
        #expect(good.status == .succeeded)
        #expect(try MetricStoreCount.points(url: sweep.url, runID: good.id) == 40)
    }

    @Test(.freshDatabase) func aBackgroundChildHoldingStdoutOpenDoesNotHoldTheWorkerAndIsKilled() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: background
                max_attempts: 1
                trainer:
                  command: [/bin/sh, "$FIXTURES/background.sh", "$MARKERS"]
                """)
        let name = try #require(try sweep.runs().keys.first)
        let pool = BackgroundPool(WorkerPool(settings: sweep.settings(), count: 1, sweepID: try sweep.sweepID))
        let child = try #require(fixturePID(sweep, run: name))
        defer { kill(child, SIGKILL) }
        try #require(pool.returns(within: 60))  // the child sleeps 1,000 s
        let run = try #require(try sweep.runs()[name])
        #expect(run.status == .succeeded)
        #expect(try Self.stored(sweep, runID: run.id) == ["train/loss@1=2.0"])
        waitUntil("the trainer's background child is killed") { !isAlive(child) }
    }

    @Test(.freshDatabase) func aCancelledRunsWorkerReturnsAndKillsAGrandchildInItsOwnSessionHoldingStdout() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: setsidcancel
                trainer:
                  command: [/bin/sh, "$FIXTURES/setsid.sh", "$MARKERS"]
                """)
        let name = try #require(try sweep.runs().keys.first)
        let pool = BackgroundPool(
            WorkerPool(settings: sweep.settings(lease: 1.5), count: 1, sweepID: try sweep.sweepID))
        let grandchild = try #require(fixturePID(sweep, run: name))
        defer { kill(grandchild, SIGKILL) }
        try waitUntil("the run reports step 1") { try sweep.runs()[name]?.progressStep == 1 }
        let cancel = try ChildProcess.run(
            [ChildProcess.kiln, "cancel", "setsidcancel"], in: sweep.project,
            environment: sweep.environment)
        #expect(cancel.status == 0, "\(cancel.stderr)")
        try #require(pool.returns(within: 60))
        let run = try #require(try sweep.runs()[name])
        #expect(run.status == .cancelled)
        #expect(try Self.stored(sweep, runID: run.id) == ["train/loss@1=2.0"])
        waitUntil("the grandchild holding the trainer's stdout is killed") { !isAlive(grandchild) }
    }

    @Test(.freshDatabase) func kilnRunHonoursSIGTERMAndKillsAGrandchildInItsOwnSessionHoldingStdout() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: setsidterm
                trainer:
                  command: [/bin/sh, "$FIXTURES/setsid.sh", "$MARKERS"]
                """, register: false)
        let pid = try ChildProcess.spawn(
            [ChildProcess.kiln, "run", sweep.specPath], in: sweep.project,
            environment: sweep.environment)
        var exited = false
        defer { if !exited { kill(pid, SIGKILL) } }
        let name = try #require(sweep.plan.runs.first?.id)
        let grandchild = try #require(fixturePID(sweep, run: name))
        defer { kill(grandchild, SIGKILL) }
        waitUntil("the run reports step 1") { (try? sweep.runs()[name]?.progressStep) == 1 }
        kill(pid, SIGTERM)
        let status = waitForExit(pid)
        exited = status != nil
        #expect(status == 130)
        let run = try #require(try sweep.runs()[name])
        #expect(run.status == .pending && run.attempt == 0)
        #expect(try Self.stored(sweep, runID: run.id) == ["train/loss@1=2.0"])
        waitUntil("the grandchild holding the trainer's stdout is killed") { !isAlive(grandchild) }
    }

    @Test(.freshDatabase) func aTrainerThatExitsZeroWithoutDoneHasFailed() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: nodone
                max_attempts: 1
                trainer:
                  command: [/bin/sh, "$FIXTURES/nodone.sh"]
                """)
        let pool = BackgroundPool(WorkerPool(settings: sweep.settings(), count: 1, sweepID: try sweep.sweepID))
        try #require(pool.returns())
        let run = try #require(try sweep.runs().values.first)
        #expect(run.status == .failed)
        #expect(run.exitCode == 0)
        #expect(run.failure == "exited 0 before done")
        #expect(try Self.stored(sweep, runID: run.id) == ["train/loss@1=2.5"])
    }
}
