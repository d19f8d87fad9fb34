import Foundation
import KilnPostgres
import KilnScheduler
import KilnStore
import KilnTestSupport
import Testing

@Suite(.tags(.postgres, .subprocess))
struct FailureModesTests {
    @Test(.freshDatabase) func eachBrokenTrainerEndsInItsStateAndTheRestOfTheSweepIsUnaffected() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: modes
                timeout: 2
                max_attempts: 1
                trainer:
                  command: ["{program}", "$FIXTURES/{script}", "--marker", "$MARKERS"]
                zip:
                  program: [/usr/bin/python3, /bin/sh, /usr/bin/python3, /usr/bin/python3, /usr/bin/python3, /usr/bin/python3]
                  script: [trainer.py, fail.sh, segfault.py, garbage.py, hang.py, diverge.py]
                """)
        let settings = sweep.settings()
        WorkerPool(settings: settings, count: 2, sweepID: try sweep.sweepID).run()

        let runs = try sweep.runs().values
        func run(_ script: String) throws -> RunRecord { try #require(runs.first { $0.name.contains(script) }) }

        let good = try run("trainer.py")
        #expect(good.status == .succeeded && good.exitCode == 0)
        #expect(sweep.markerLines(good.name) == 1)
        #expect(try MetricStoreCount.points(url: sweep.url, runID: good.id) == 40)

        let failing = try run("fail.sh")
        #expect(failing.status == .failed && failing.exitCode == 1)
        #expect(failing.failure == "exit 1: shard 7 is unreadable")
        #expect(failing.logTail?.contains("loading shard 7 failed") == true)

        let crashed = try run("segfault.py")
        #expect(crashed.status == .failed && crashed.exitCode == nil)
        #expect(crashed.failure?.hasPrefix("signal 11") == true)
        #expect(crashed.logTail?.contains("about to crash") == true)

        let garbage = try run("garbage.py")
        #expect(garbage.status == .succeeded)
        #expect(garbage.malformedLines == 5)  // a boolean is not a metric value; 1.0 and 0 are
        #expect(garbage.logTail?.contains("malformed trainer line") == true)
        #expect(try MetricStoreCount.points(url: sweep.url, runID: garbage.id) == 4)

        let hung = try run("hang.py")
        #expect(hung.status == .failed)
        #expect(hung.failure == "timed out after 2 s")
        #expect(hung.logTail?.contains("[kiln] attempt 1 ended: signal 9") == true)

        let diverged = try run("diverge.py")
        #expect(diverged.status == .failed)
        #expect(diverged.failure?.hasPrefix("diverged: loss is nan at step 2") == true)
    }

    @Test(.freshDatabase) func aFailedAttemptIsRetriedUntilMaxAttempts() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: retries
                max_attempts: 3
                trainer:
                  command: [/bin/sh, "$FIXTURES/fail.sh"]
                """)
        WorkerPool(settings: sweep.settings(), count: 1, sweepID: try sweep.sweepID).run()
        let run = try #require(try sweep.runs().values.first)
        #expect(run.status == .failed)
        #expect(run.attempt == 3)
        let log = try String(contentsOfFile: try #require(run.logPath), encoding: .utf8)
        #expect(log.components(separatedBy: "[kiln] attempt ").count - 1 == 6)  // a start and an end line per attempt
    }
}

/// Counts stored metric points.
enum MetricStoreCount {
    static func points(url: String, runID: Int64) throws -> Int {
        try MetricStore(connection: try KilnPostgres.Connection(url: url)).count(runID: runID)
    }
}
