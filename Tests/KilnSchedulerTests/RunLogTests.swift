import Foundation
import KilnTestSupport
import Testing

@testable import KilnScheduler

/// A run's log file: private to its owner, and a failure to open or write it is logged, not dropped.
@Suite struct RunLogTests {
    @Test func theLogFileIsReadableByItsOwnerOnly() throws {
        let folder = try ChildProcess.temporaryDirectory("kiln-runlog")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let log = RunLog(path: folder + "/log.txt", logger: CapturedLog().logger())
        log.note("hello")
        let mode = try FileManager.default.attributesOfItem(atPath: folder + "/log.txt")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try String(contentsOfFile: folder + "/log.txt", encoding: .utf8) == "[kiln] hello\n")
    }

    @Test func aLogThatCannotBeOpenedIsReportedOnceAndTheTailIsKept() throws {
        let folder = try ChildProcess.temporaryDirectory("kiln-runlog")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let captured = CapturedLog()
        let log = RunLog(path: folder + "/missing/log.txt", logger: captured.logger())
        log.note("one")
        log.note("two")
        let reports = captured.all.filter { $0.contains("cannot open the run's log") }
        #expect(reports.count == 1, "\(captured.all)")
        #expect(reports.first?.contains("path=\(folder)/missing/log.txt") == true, "\(captured.all)")
        #expect(log.tail == "[kiln] one\n[kiln] two")
    }

    @Test func aFailedWriteIsReportedOnceWithItsReason() throws {
        let captured = CapturedLog()
        let log = RunLog(path: "/dev/full", logger: captured.logger())
        log.note("one")
        log.note("two")
        let reports = captured.all.filter { $0.contains("cannot write the run's log") }
        #expect(reports.count == 1, "\(captured.all)")
        #expect(reports.first?.contains("No space left on device") == true, "\(captured.all)")
        #expect(log.tail == "[kiln] one\n[kiln] two")
    }
}
