import Foundation
import KilnPostgres
import KilnScheduler
import KilnSpec
import KilnStore
import KilnTestSupport
import Testing

/// PostgreSQL restarted under a running trainer, on a cluster of the test's own.
@Suite(.tags(.postgres, .subprocess, .slow))
struct DatabaseRestartTests {
    /// A migrated cluster of the test's own, which the test stops and starts; `remove` it when done.
    static func ownCluster() throws -> LocalCluster {
        let cluster = try LocalCluster(
            stateDirectory: try ChildProcess.temporaryDirectory("kiln-restart"),
            settings: ["fsync": "off"], database: "kiln")
        try cluster.start()
        do {
            try Migrator.migrate(try Connection(url: cluster.url))
        } catch {
            remove(cluster)
            throw error
        }
        return cluster
    }

    static func remove(_ cluster: LocalCluster) {
        _ = try? cluster.stop()
        try? FileManager.default.removeItem(atPath: cluster.stateDirectory)
    }

    @Test func aRunKeepsGoingThroughARestartAndItsBufferedMetricsArriveAfterReconnecting() throws {
        let cluster = try Self.ownCluster()
        defer { Self.remove(cluster) }
        let sweep = try SweepFixture(
            url: cluster.url,
            yaml: """
                name: restart
                max_attempts: 1
                trainer:
                  command: [/usr/bin/python3, "$FIXTURES/trainer.py", --steps, "80", --every, "10", --sleep, "0.04", --marker, "$MARKERS"]
                """)
        let pool = WorkerPool(settings: sweep.settings(lease: 20), count: 1, sweepID: try sweep.sweepID)
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            pool.run()
            finished.signal()
        }
        let watcher = try Connection(url: cluster.url)
        let runID = try #require(try sweep.runs().values.first?.id)
        waitUntil("the run has stored some points") {
            (try? MetricStore(connection: watcher).count(runID: runID)) ?? 0 > 0
        }
        let log = sweep.project + "/.kiln/runs/\(runID)/log.txt"
        func logLines() -> Int {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").count
        }
        try cluster.stop()
        let linesAtStop = logLines()
        waitUntil("the trainer has kept going while the server was down") { logLines() >= linesAtStop + 5 }
        try cluster.start()
        finished.wait()

        let after = try Connection(url: cluster.url)
        let run = try #require(try RunStore(connection: after).run(id: runID))
        #expect(run.status == .succeeded)
        #expect(run.attempt == 1)
        #expect(try MetricStore(connection: after).count(runID: runID) == 160)
        #expect(sweep.markerLines(run.name) == 1)
    }

    @Test func kilnRunExitsZeroAfterARestartMidSweepWithEveryPointStoredOnce() throws {
        let cluster = try Self.ownCluster()
        defer { Self.remove(cluster) }
        let sweep = try SweepFixture(
            url: cluster.url,
            yaml: """
                name: restartrun
                max_attempts: 1
                trainer:
                  command: [/usr/bin/python3, "$FIXTURES/trainer.py", --steps, "80", --every, "10", --sleep, "0.04", --marker, "$MARKERS"]
                """, register: false)
        var environment = sweep.environment
        environment["KILN_LEASE_SECONDS"] = "20"
        let pid = try ChildProcess.spawn(
            [ChildProcess.kiln, "run", sweep.specPath], in: sweep.project,
            environment: environment, stdout: sweep.project + "/out.txt",
            stderr: sweep.project + "/err.txt")
        var exited = false
        defer { if !exited { kill(pid, SIGKILL) } }
        let name = try #require(sweep.plan.runs.first?.id)
        var runID: Int64 = 0
        waitUntil("the run has stored some points") {
            guard let run = try? sweep.runs()[name] else { return false }
            runID = run.id
            return (try? MetricStore(connection: sweep.connection).count(runID: run.id)) ?? 0 > 0
        }
        let log = sweep.project + "/.kiln/runs/\(runID)/log.txt"
        func logLines() -> Int {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").count
        }
        try cluster.stop()
        let linesAtStop = logLines()
        waitUntil("the trainer has kept going while the server was down") { logLines() >= linesAtStop + 5 }
        try cluster.start()
        let status = waitForExit(pid, seconds: 120)
        exited = status != nil
        let output =
            ((try? String(contentsOfFile: sweep.project + "/out.txt", encoding: .utf8)) ?? "")
            + ((try? String(contentsOfFile: sweep.project + "/err.txt", encoding: .utf8)) ?? "")
        #expect(status == 0, "\(output)")

        let after = try Connection(url: cluster.url)
        let run = try #require(try RunStore(connection: after).run(id: runID))
        #expect(run.status == .succeeded)
        #expect(try MetricStore(connection: after).count(runID: run.id) == 160)
        #expect(sweep.markerLines(run.name) == 1)
    }

    @Test func interruptingKilnRunWhileTheServerIsDownReturnsAndTheNextRunStoresEveryPointOnce() throws {
        let cluster = try Self.ownCluster()
        defer { Self.remove(cluster) }
        let sweep = try SweepFixture(
            url: cluster.url,
            yaml: """
                name: downinterrupt
                max_attempts: 2
                trainer:
                  command: [/usr/bin/python3, "$FIXTURES/trainer.py", --steps, "80", --every, "10", --sleep, "0.04", --marker, "$MARKERS"]
                """, register: false)
        let pid = try ChildProcess.spawn(
            [ChildProcess.kiln, "run", sweep.specPath], in: sweep.project,
            environment: sweep.environment)
        var exited = false
        defer { if !exited { kill(pid, SIGKILL) } }
        let name = try #require(sweep.plan.runs.first?.id)
        var runID: Int64 = 0
        waitUntil("the run has stored some points") {
            guard let run = try? sweep.runs()[name] else { return false }
            runID = run.id
            return (try? MetricStore(connection: sweep.connection).count(runID: run.id)) ?? 0 > 0
        }
        try cluster.stop()
        kill(pid, SIGINT)
        let status = waitForExit(pid)
        exited = status != nil
        #expect(status == 130)

        try cluster.start()
        let again = try ChildProcess.run(
            [ChildProcess.kiln, "run", sweep.specPath], in: sweep.project,
            environment: sweep.environment)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        let after = try Connection(url: cluster.url)
        let run = try #require(try RunStore(connection: after).run(id: runID))
        #expect(run.status == .succeeded)
        #expect(try MetricStore(connection: after).count(runID: run.id) == 160)
        #expect(sweep.markerLines(run.name) == 1)
    }
}
