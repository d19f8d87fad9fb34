import Foundation
import KilnStore
import KilnTestSupport
import Testing

/// Real `kiln` processes killed with SIGKILL in the middle of a sweep.
@Suite(.tags(.postgres, .subprocess, .slow))
struct ProcessDeathTests {
    static let trainer = """
        trainer:
          command: [/usr/bin/python3, "$FIXTURES/trainer.py", --steps, "30", --every, "5", --sleep, "{sleep}", --marker, "$MARKERS"]
        max_attempts: 3
        """

    @Test(.freshDatabase) func aKilledRunCompletesWhenStartedAgainWithEveryRunSucceededOnceAndNoPointLost() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: killed
                \(Self.trainer)
                grid:
                  sleep: [0.1, 0.101, 0.102, 0.103]
                """, register: false)
        let first = try ChildProcess.spawn(
            [ChildProcess.kiln, "run", sweep.specPath, "--workers", "2"],
            in: sweep.project, environment: sweep.environment)
        // Kill once a run has finished and two are past a checkpoint but far from their end (the
        // progress stored with heartbeats lags by up to a heartbeat, 0.7 s or 7 steps here).
        waitUntil("two runs are past their first checkpoint") {
            guard let runs = try? sweep.runs().values else { return false }
            return runs.contains { $0.status == .succeeded }
                && runs.filter { $0.status == .running && (7...15).contains($0.progressStep ?? 0) }.count == 2
        }
        kill(first, SIGKILL)
        _ = ChildProcess.wait(first)
        let interrupted = try sweep.runs().values.filter { $0.status == .running }.map(\.name)
        #expect(interrupted.count == 2)

        let second = try ChildProcess.run(
            [ChildProcess.kiln, "run", sweep.specPath, "--workers", "2"],
            in: sweep.project, environment: sweep.environment)
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        let runs = try sweep.runs()
        #expect(runs.count == 4)
        for run in runs.values {
            #expect(run.status == .succeeded)
            #expect(sweep.markerLines(run.name) == 1, "run \(run.name) finished \(sweep.markerLines(run.name)) times")
            #expect(try MetricStoreCount.points(url: sweep.url, runID: run.id) == 60)
        }
        for name in interrupted {
            let run = try #require(runs[name])
            #expect(run.attempt == 2)
            let log = try String(contentsOfFile: try #require(run.logPath), encoding: .utf8)
            #expect(log.contains("[kiln] resuming from the checkpoint of step"))
        }
    }

    @Test(.freshDatabase) func aKilledWorkersRunIsTakenBackAfterItsLeaseAndFinishesOnTheOther() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: takeover
                \(Self.trainer)
                grid:
                  sleep: [0.1, 0.101, 0.102]
                """)
        let workers = try (0..<2).map { _ in
            try ChildProcess.spawn(
                [ChildProcess.kiln, "worker", "--sweep", "takeover"],
                in: sweep.project, environment: sweep.environment)
        }
        var victim: (pid: pid_t, run: String)?
        waitUntil("both workers hold a run past a checkpoint") {
            guard
                let running = try? sweep.runs().values.filter({
                    $0.status == .running && (7...15).contains($0.progressStep ?? 0)
                }),
                running.count == 2, let held = running.first(where: { $0.worker?.contains("/\(workers[0])/") == true })
            else { return false }
            victim = (workers[0], held.name)
            return true
        }
        let (pid, taken) = try #require(victim)
        kill(pid, SIGKILL)
        _ = ChildProcess.wait(pid)
        #expect(ChildProcess.wait(workers[1]) == 0)

        let runs = try sweep.runs()
        for run in runs.values {
            #expect(run.status == .succeeded)
            #expect(sweep.markerLines(run.name) == 1)
            #expect(try MetricStoreCount.points(url: sweep.url, runID: run.id) == 60)
        }
        let run = try #require(runs[taken])
        #expect(run.attempt == 2)
        #expect(run.worker?.contains("/\(workers[1])/") == true)
    }

    @Test(.freshDatabase) func interruptingKilnRunStopsItsTrainersAndGivesTheirRunsBack() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: interrupted
                \(Self.trainer)
                grid:
                  sleep: [0.2, 0.21]
                """, register: false)
        let pid = try ChildProcess.spawn(
            [ChildProcess.kiln, "run", sweep.specPath, "--workers", "2"],
            in: sweep.project, environment: sweep.environment)
        waitUntil("both runs are training") {
            (try? sweep.runs().values.filter { $0.status == .running && ($0.progressStep ?? 0) >= 1 }.count) == 2
        }
        kill(pid, SIGINT)
        #expect(ChildProcess.wait(pid) == 130)
        for run in try sweep.runs().values {
            #expect(run.status == .pending && run.attempt == 0)
            let log = try String(contentsOfFile: try #require(run.logPath), encoding: .utf8)
            #expect(log.contains("ended: signal 15 because the worker was interrupted"))
        }
    }

    @Test(.freshDatabase) func twoWorkersStartedTogetherNeverRunTheSameRunTwice() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: race
                trainer:
                  command: [/bin/sh, "$FIXTURES/noop.sh", "$MARKERS"]
                seeds: 50
                """)
        let workers = try (0..<2).map { _ in
            try ChildProcess.spawn(
                [ChildProcess.kiln, "worker", "--sweep", "race"],
                in: sweep.project, environment: sweep.environment)
        }
        #expect(workers.map(ChildProcess.wait) == [0, 0])
        let runs = try sweep.runs()
        #expect(runs.count == 50)
        #expect(runs.values.allSatisfy { $0.status == .succeeded && $0.attempt == 1 })
        #expect(runs.keys.allSatisfy { sweep.markerLines($0) == 1 })
        #expect(Set(runs.values.compactMap { $0.worker?.split(separator: "/")[1] }).count == 2)
    }
}
