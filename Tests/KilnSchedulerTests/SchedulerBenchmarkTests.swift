import Foundation
import KilnScheduler
import KilnTestSupport
import Testing

/// `kiln bench scheduler` with separate `kiln worker` processes: it works the whole sweep and counts
/// duplicated claims (its speed is measured by the command, never asserted).
@Suite(.tags(.postgres, .subprocess, .slow))
struct SchedulerBenchmarkTests {
    @Test(.freshDatabase) func twoWorkerProcessesWorkTheSweepWithoutDuplicatedClaims() throws {
        let result = try SchedulerBenchmark(runs: 30, workers: 2, workerExecutable: ChildProcess.kiln).measure(
            url: FreshDatabase.url)
        #expect(result.separateProcesses && result.runs == 30 && result.workers == 2)
        #expect(result.duplicatedClaims == 0)
        #expect((1...2).contains(result.claimingProcesses))
    }

    @Test func theCommandServesItsOwnClusterOverTCPToWorkerProcesses() throws {
        let project = try ChildProcess.temporaryDirectory("kiln-bench-tcp")
        defer { try? FileManager.default.removeItem(atPath: project) }
        let bench = try ChildProcess.run(
            [ChildProcess.kiln, "bench", "scheduler", "--runs", "20", "--processes", "2", "--tcp"], in: project,
            environment: ["KILN_DATABASE_URL": ""])
        #expect(bench.status == 0, "\(bench.stdout)\(bench.stderr)")
        #expect(bench.stdout.contains("== 2 kiln worker processes, over TCP with TLS"), "\(bench.stdout)")
        #expect(bench.stdout.contains("claims:        0 duplicated"), "\(bench.stdout)")
        // The temporary cluster is gone; the project folder got none.
        #expect(!FileManager.default.fileExists(atPath: project + "/.kiln"))
    }
}
