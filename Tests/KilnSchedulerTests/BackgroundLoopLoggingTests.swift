import Foundation
import KilnLog
import KilnStore
import KilnTestSupport
import Logging
import Testing
@testable import KilnScheduler

/// The background loops retry what fails; each failure is logged with the run and the operation.
@Suite struct BackgroundLoopLoggingTests {
    static let unreachable = "postgresql://kiln@/unused?host=/nonexistent"

    @Test func theMetricSinkLogsAFailedIngestWithItsRunWhileTheDatabaseIsAway() throws {
        let log = CapturedLog()
        var settings = SchedulerSettings(databaseURL: Self.unreachable)
        settings.logger = log.logger()
        let sink = MetricSink(settings: settings)
        sink.add([MetricPoint(runID: 42, name: "train/loss", step: 1, value: 2.5)])
        let line = log.firstLine(within: 30) { $0.contains("operation=ingest") }
        #expect(sink.drain(givingUpWhen: { true }) == 1)
        sink.stop()
        let warning = try #require(line, "no ingest failure was logged: \(log.all)")
        #expect(warning.contains(" warning kiln.scheduler: ingest failed: "))
        #expect(warning.contains("runs=42"))
        #expect(warning.contains("retrying in"))
    }

    @Test func anIdleWorkerLogsThatItCannotReachTheQueue() throws {
        let log = CapturedLog()
        var settings = SchedulerSettings(databaseURL: Self.unreachable)
        settings.logger = log.logger()
        let worker = QueueWorker(settings: settings, slot: 0, sweepID: nil, budget: CoreBudget(cores: 1))
        let returned = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            worker.run()
            returned.signal()
        }
        let line = log.firstLine(within: 30) { $0.contains("operation=connect") }
        worker.stop()
        #expect(returned.wait(timeout: .now() + 30) == .success, "the worker did not return once stopped")
        let warning = try #require(line, "no connect failure was logged: \(log.all)")
        #expect(warning.contains(" warning kiln.scheduler: connect failed: "))
        #expect(warning.contains("worker=\(worker.name)"))
    }

    @Test func theProgressDisplayLogsThatItCannotReadTheSweep() throws {
        let log = CapturedLog()
        var settings = SchedulerSettings(databaseURL: Self.unreachable)
        settings.logger = log.logger()
        let display = ProgressDisplay(settings: settings, sweepID: 1, name: "quick", board: ProgressBoard())
        display.start()
        let line = log.firstLine(within: 30) { $0.contains("operation=progress") }
        display.stop()
        let warning = try #require(line, "no progress failure was logged: \(log.all)")
        #expect(warning.contains(" warning kiln.scheduler: progress failed: "))
        #expect(warning.contains("sweep=quick"))
    }

    @Test func kilnLogSetsTheLevel() {
        #expect(KilnLogging.level(named: nil) == .warning)
        #expect(KilnLogging.level(named: "debug") == .debug)
        #expect(KilnLogging.level(named: " Info ") == .info)
        #expect(KilnLogging.level(named: "loud") == nil)
        let log = CapturedLog()
        let quiet = log.logger()
        quiet.info("hidden by default")
        quiet.warning("shown by default", metadata: ["run": "7"])
        let verbose = log.logger(environment: ["KILN_LOG": "debug"])
        verbose.debug("shown at debug")
        verbose.error("database error: gone\nDETAIL: server closed the connection\n\tunexpectedly")
        let lines = log.all
        #expect(lines.count == 3)
        #expect(lines.first?.hasSuffix(" warning kiln.scheduler: shown by default {run=7}\n") == true)
        #expect(lines.dropFirst().first?.hasSuffix(" debug kiln.scheduler: shown at debug\n") == true)
        #expect(
            lines.last?.hasSuffix(
                " error kiln.scheduler: database error: gone DETAIL: server closed the connection unexpectedly\n")
                == true)
    }

    @Test func kilnSaysWhenKilnLogNamesNoLevel() throws {
        let result = try ChildProcess.run([ChildProcess.kiln, "--version"], environment: ["KILN_LOG": "loud"])
        #expect(result.status == 0)
        #expect(
            result.stderr.contains(
                "KILN_LOG=loud is not a level (trace, debug, info, notice, warning, error, critical); logging at warning"
            ))
    }
}
