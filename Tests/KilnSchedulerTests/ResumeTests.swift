import Foundation
import KilnScheduler
import KilnStore
import KilnTestSupport
import Testing

/// An interrupted run (Ctrl-C, SIGTERM) resumes from its recorded checkpoint on its next attempt,
/// even though the interruption did not count an attempt (issue 11, item 3).
@Suite(.tags(.postgres, .subprocess, .slow))
struct ResumeTests {
    static let yaml = """
        trainer:
          command: [/usr/bin/python3, "$FIXTURES/trainer.py", --steps, "30", --every, "5", --sleep, "{sleep}", --marker, "$MARKERS"]
        max_attempts: 3
        grid:
          sleep: [0.1, 0.101]
        """

    /// The latest recorded checkpoint step of every run of the sweep, by run name.
    static func checkpointSteps(_ sweep: SweepFixture) throws -> [String: Int] {
        let checkpoints = CheckpointStore(connection: sweep.connection)
        var steps: [String: Int] = [:]
        for run in try sweep.runs().values {
            if let step = try checkpoints.checkpoint(runID: run.id)?.step { steps[run.name] = step }
        }
        return steps
    }

    /// Every run succeeded once, kept all 60 points, and its log says it resumed from `steps[name]` or later.
    static func expectResumedAndComplete(_ sweep: SweepFixture, from steps: [String: Int]) throws {
        let runs = try sweep.runs()
        #expect(runs.count == 2)
        for run in runs.values {
            #expect(run.status == .succeeded)
            #expect(sweep.markerLines(run.name) == 1, "run \(run.name) finished \(sweep.markerLines(run.name)) times")
            #expect(try MetricStoreCount.points(url: sweep.url, runID: run.id) == 60)
            let log = try String(contentsOfFile: try #require(run.logPath), encoding: .utf8)
            let interruptedAt = try #require(steps[run.name])
            let resumed = log.components(separatedBy: "[kiln] resuming from the checkpoint of step ").dropFirst()
                .compactMap { Int($0.prefix { $0.isNumber }) }
            #expect(resumed.count == 1 && resumed.allSatisfy { $0 >= interruptedAt }, "\(log)")
            // The trainer restarted after its checkpoint, not from step 1: step 1 appears once in the log.
            #expect(log.components(separatedBy: "{\"step\": 1,").count - 1 == 1)
        }
    }

    @Test(.freshDatabase) func aRunInterruptedInProcessResumesFromItsCheckpoint() throws {
        let sweep = try SweepFixture(url: FreshDatabase.url, yaml: "name: interrupt-resume\n" + Self.yaml)
        let pool = WorkerPool(settings: sweep.settings(), count: 2, sweepID: try sweep.sweepID)
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            pool.run()
            finished.signal()
        }
        var steps: [String: Int] = [:]
        try waitUntil("both runs recorded a checkpoint") {
            steps = try Self.checkpointSteps(sweep)
            return steps.count == 2
        }
        pool.interrupt()
        finished.wait()
        for run in try sweep.runs().values {
            #expect(run.status == .pending && run.attempt == 0)
        }
        steps = try Self.checkpointSteps(sweep)

        WorkerPool(settings: sweep.settings(), count: 2, sweepID: try sweep.sweepID).run()
        try Self.expectResumedAndComplete(sweep, from: steps)
    }

    @Test(.freshDatabase) func aKilnRunStoppedBySIGTERMResumesFromItsCheckpointWhenStartedAgain() throws {
        let sweep = try SweepFixture(url: FreshDatabase.url, yaml: "name: preempted\n" + Self.yaml, register: false)
        let pid = try ChildProcess.spawn(
            [ChildProcess.kiln, "run", sweep.specPath, "--workers", "2"],
            in: sweep.project, environment: sweep.environment)
        waitUntil("both runs recorded a checkpoint") { (try? Self.checkpointSteps(sweep).count) == 2 }
        kill(pid, SIGTERM)
        #expect(ChildProcess.wait(pid) == 130)
        let steps = try Self.checkpointSteps(sweep)

        let again = try ChildProcess.run(
            [ChildProcess.kiln, "run", sweep.specPath, "--workers", "2"],
            in: sweep.project, environment: sweep.environment)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        try Self.expectResumedAndComplete(sweep, from: steps)
    }
}
