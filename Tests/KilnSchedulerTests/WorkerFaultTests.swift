import Foundation
import KilnScheduler
import KilnStore
import KilnTestSupport
import Testing

/// Faults of a worker rather than of a run: the worker dies with a cancel pending (issue 11, item 4),
/// or cannot write its run folders (item 7).
@Suite(.tags(.postgres, .subprocess))
struct WorkerFaultTests {
    @Test(.freshDatabase) func aRunOfAWorkerThatCannotWriteItsRunFolderGoesBackUntouched() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: unwritable
                max_attempts: 3
                trainer:
                  command: [/bin/sh, "$FIXTURES/noop.sh", "$MARKERS"]
                seeds: 10
                """)
        // A file where the runs folder should be: no run folder can be created.
        try FileManager.default.createDirectory(atPath: sweep.project + "/.kiln", withIntermediateDirectories: true)
        try Data("not a folder\n".utf8).write(to: URL(fileURLWithPath: sweep.project + "/.kiln/runs"))

        let pool = WorkerPool(settings: sweep.settings(), count: 2, sweepID: try sweep.sweepID)
        pool.run()

        let runs = try sweep.runs().values
        #expect(runs.count == 10)
        for run in runs {
            #expect(
                run.status == .pending && run.attempt == 0 && run.failure == nil,
                "\(run.name): \(run.status) \(run.failure ?? "")")
        }
        #expect(runs.allSatisfy { sweep.markerLines($0.name) == 0 })
        for worker in pool.workers {
            let fault = try #require(worker.fault)
            #expect(fault.contains(".kiln/runs: is a file, not a folder"), "\(fault)")
            #expect(!fault.contains("NSCocoaErrorDomain"))
        }

        // `kiln worker` says why and exits 1, leaving the runs as they were.
        let worker = try ChildProcess.run(
            [ChildProcess.kiln, "worker", "--sweep", "unwritable"], in: sweep.project,
            environment: sweep.environment)
        #expect(worker.status == 1)
        #expect(worker.stderr.contains("stopped claiming runs"), "\(worker.stderr)")
        #expect(try sweep.runs().values.allSatisfy { $0.status == .pending && $0.attempt == 0 })

        // Once the folder is writable again, the same runs train with their full budget of attempts.
        try FileManager.default.removeItem(atPath: sweep.project + "/.kiln/runs")
        WorkerPool(settings: sweep.settings(), count: 2, sweepID: try sweep.sweepID).run()
        #expect(try sweep.runs().values.allSatisfy { $0.status == .succeeded && $0.attempt == 1 })
    }

    @Test(.freshDatabase) func aCancelledRunWhoseWorkerWasKilledIsFinishedByTheNextKilnRun() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: orphaned
                trainer:
                  command: [/usr/bin/python3, "$FIXTURES/trainer.py", --steps, "300", --every, "5", --sleep, "0.1"]
                """, register: false)
        let first = try ChildProcess.spawn(
            [ChildProcess.kiln, "run", sweep.specPath], in: sweep.project,
            environment: sweep.environment)
        waitUntil("the run is training") {
            (try? sweep.runs().values.contains { $0.status == .running && ($0.progressStep ?? 0) >= 1 }) == true
        }
        kill(first, SIGKILL)
        _ = ChildProcess.wait(first)
        let cancel = try ChildProcess.run(
            [ChildProcess.kiln, "cancel", "orphaned"], in: sweep.project,
            environment: sweep.environment)
        #expect(cancel.status == 0, "\(cancel.stderr)")

        let second = try ChildProcess.spawn(
            [ChildProcess.kiln, "run", sweep.specPath], in: sweep.project,
            environment: sweep.environment)
        var status: Int32?
        let ended = waitUntil("the second kiln run ends", seconds: 30) {
            status = ChildProcess.status(ifExited: second)
            return status != nil
        }
        if !ended {
            kill(second, SIGKILL)
            _ = ChildProcess.wait(second)
        }
        #expect(status == 1)  // not every run succeeded: one was cancelled
        let run = try #require(try sweep.runs().values.first)
        #expect(run.status == .cancelled)
        #expect(run.failure?.contains("cancelled") == true)
    }
}
