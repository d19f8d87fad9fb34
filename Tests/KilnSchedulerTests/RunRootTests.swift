import Foundation
import KilnScheduler
import KilnStore
import KilnTestSupport
import Testing

/// `--run-root DIR` / `KILN_RUN_ROOT`: run folders on a filesystem every node shares.
@Suite(.tags(.postgres, .subprocess, .slow))
struct RunRootTests {
    static let yaml = """
        trainer:
          command: [/bin/sh, "$FIXTURES/noop.sh"]
        grid:
          seed: [1, 2]
        """

    @Test(.freshDatabase, arguments: [true, false])
    func runFoldersGoUnderTheRunRoot(byFlag: Bool) throws {
        let sweep = try SweepFixture(url: FreshDatabase.url, yaml: "name: shared-root\n" + Self.yaml)
        let root = try ChildProcess.temporaryDirectory("kiln-run-root")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = try ChildProcess.run(
            [ChildProcess.kiln, "worker", "--sweep", "shared-root"] + (byFlag ? ["--run-root", root] : []),
            in: sweep.project, environment: sweep.environment.merging(byFlag ? [:] : ["KILN_RUN_ROOT": root]) { $1 })
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        for run in try sweep.runs().values {
            #expect(run.status == .succeeded)
            #expect(run.logPath == "\(root)/\(run.id)/log.txt")
            #expect(FileManager.default.fileExists(atPath: "\(root)/\(run.id)/log.txt"))
        }
        #expect(!FileManager.default.fileExists(atPath: sweep.project + "/.kiln/runs"))
    }
}
