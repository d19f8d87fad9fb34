import Foundation
import KilnPostgres
import KilnTestSupport
import Testing

/// `kiln retry`, `kiln delete`, `kiln prune`, and the provenance `kiln runs --json` shows, driven as a
/// user drives them (issue 11, items 17 and 20).
@Suite(.tags(.postgres, .subprocess))
struct QueueCommandsTests {
    /// A trainer that writes a checkpoint at step 5 and, while `<project>/broken` exists, fails at
    /// step 7; it resumes from `$KILN_RESUME_FROM` and logs the step it starts from.
    static let trainer = """
        import json, os, sys
        def emit(m): print(json.dumps(m), flush=True)
        start = 0
        if os.environ.get("KILN_RESUME_FROM"):
            start = json.load(open(os.environ["KILN_RESUME_FROM"]))["step"]
        print("starting after step %d" % start, file=sys.stderr, flush=True)
        emit({"event": "start", "total_steps": 10})
        for step in range(start + 1, 11):
            emit({"step": step, "metrics": {"train/loss": 1.0 / step}})
            if step == 5:
                path = os.path.join(os.environ["KILN_CHECKPOINT_DIR"], "5.json")
                json.dump({"step": 5}, open(path, "w"))
                emit({"event": "checkpoint", "step": 5, "path": path})
            if step == 7 and os.path.exists("broken"):
                emit({"event": "error", "message": "broken"})
                sys.exit(1)
        emit({"event": "done", "step": 10})
        """

    /// A temporary project with the trainer, a spec named `name` with `lr` values, and a database.
    final class Project {
        let folder: String
        let name: String
        let url = FreshDatabase.url

        init(name: String, lrs: [Double]) throws {
            folder = try ChildProcess.temporaryDirectory("kiln-queue-cli")
            self.name = name
            try QueueCommandsTests.trainer.write(toFile: folder + "/train.py", atomically: true, encoding: .utf8)
            try spec(lrs: lrs)
        }

        deinit { try? FileManager.default.removeItem(atPath: folder) }

        func spec(lrs: [Double]) throws {
            try """
            name: \(name)
            max_attempts: 1
            trainer:
              command: [python3, train.py, --lr, "{lr}"]
            grid: {lr: [\(lrs.map { String($0) }.joined(separator: ", "))]}
            """.write(toFile: folder + "/sweep.yaml", atomically: true, encoding: .utf8)
        }

        @discardableResult
        func kiln(_ arguments: String..., expect status: Int32? = 0, sourceLocation: SourceLocation = #_sourceLocation)
            throws
            -> ChildProcess.Result
        {
            let result = try ChildProcess.run(
                [ChildProcess.kiln] + arguments + ["--database-url", url], in: folder,
                environment: ["KILN_LEASE_SECONDS": "2"])
            if let status {
                #expect(
                    result.status == status,
                    "kiln \(arguments.joined(separator: " ")): \(result.stdout)\(result.stderr)",
                    sourceLocation: sourceLocation)
            }
            return result
        }

        func scalar(_ sql: String) throws -> Int {
            try Connection(url: url).query(sql)[0].decode(Int.self, at: 0)
        }
    }

    @Test(.freshDatabase) func aFailedRunIsRetriedWithAFreshAttemptAndResumesFromItsCheckpoint() throws {
        let project = try Project(name: "flaky", lrs: [0.1])
        try Data().write(to: URL(fileURLWithPath: project.folder + "/broken"))
        try project.kiln("run", "sweep.yaml", expect: 1)
        #expect(try project.scalar("SELECT count(*) FROM runs WHERE status = 'failed' AND attempt = 1") == 1)

        try FileManager.default.removeItem(atPath: project.folder + "/broken")
        let retry = try project.kiln("retry", "flaky")
        #expect(retry.stdout.contains("re-queued 1 run of sweep flaky"))
        try project.kiln("worker", "--sweep", "flaky")
        #expect(try project.scalar("SELECT count(*) FROM runs WHERE status = 'succeeded' AND attempt = 2") == 1)
        #expect(try project.scalar("SELECT count(*) FROM metrics") == 10)
        let id = try project.scalar("SELECT min(id)::int FROM runs")
        let log = try String(contentsOfFile: project.folder + "/.kiln/runs/\(id)/log.txt", encoding: .utf8)
        #expect(log.contains("[kiln] resuming from the checkpoint of step 5"))
        #expect(log.contains("starting after step 5"))

        let again = try project.kiln("retry", "flaky", "--failed")
        #expect(again.stdout.contains("has no failed runs to retry"))
    }

    @Test(.freshDatabase) func deleteRemovesASweepWithItsMetricsAndRunFoldersOnlyWithYes() throws {
        let project = try Project(name: "doomed", lrs: [0.1, 0.2])
        try project.kiln("run", "sweep.yaml")
        let (first, second) = (
            try project.scalar("SELECT min(id)::int FROM runs"), try project.scalar("SELECT max(id)::int FROM runs")
        )
        #expect(FileManager.default.fileExists(atPath: project.folder + "/.kiln/runs/\(first)/log.txt"))
        // A symbolic link to a folder outside the runs folder: removed as a link, its target kept.
        let outside = project.folder + "/keep"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try FileManager.default.removeItem(atPath: project.folder + "/.kiln/runs/\(second)")
        try FileManager.default.createSymbolicLink(
            atPath: project.folder + "/.kiln/runs/\(second)", withDestinationPath: outside)

        let refused = try project.kiln("delete", "doomed", expect: 1)
        #expect(refused.stderr.contains("add --yes"))
        #expect(try project.scalar("SELECT count(*) FROM runs") == 2)

        let deleted = try project.kiln("delete", "doomed", "--yes")
        #expect(deleted.stdout.contains("deleted sweep doomed and its 2 runs"), "\(deleted.stdout)")
        #expect(try project.scalar("SELECT count(*) FROM runs") == 0)
        #expect(try project.scalar("SELECT count(*) FROM sweeps") == 0)
        #expect(try project.scalar("SELECT count(*) FROM metrics") == 0)
        #expect(!FileManager.default.fileExists(atPath: project.folder + "/.kiln/runs/\(first)"))
        #expect(
            (try? FileManager.default.destinationOfSymbolicLink(atPath: project.folder + "/.kiln/runs/\(second)"))
                == nil)
        #expect(FileManager.default.fileExists(atPath: outside))
    }

    @Test(.freshDatabase) func kilnRunPointsAtRunsOfAnEarlierSpecVersionAndPruneRemovesThem() throws {
        let project = try Project(name: "edited", lrs: [0.1, 0.2])
        try project.kiln("run", "sweep.yaml")
        try project.spec(lrs: [0.2, 0.3])
        let rerun = try project.kiln("run", "sweep.yaml", "--detach")
        #expect(
            rerun.stdout.contains("1 run of an earlier version of this spec remain in sweep edited"), "\(rerun.stdout)")
        #expect(rerun.stdout.contains("kiln prune edited"))

        let old = try project.scalar("SELECT id::int FROM runs WHERE params->>'lr' = '0.1'")
        let listed = try project.kiln("prune", "edited", expect: 1)
        #expect(listed.stdout.components(separatedBy: "would delete: ").count == 2, "\(listed.stdout)")
        try project.kiln("prune", "edited", "--yes")
        #expect(try project.scalar("SELECT count(*) FROM runs") == 2)
        #expect(try project.scalar("SELECT count(*) FROM runs WHERE params->>'lr' = '0.1'") == 0)
        #expect(!FileManager.default.fileExists(atPath: project.folder + "/.kiln/runs/\(old)"))
        let clean = try project.kiln("run", "sweep.yaml", "--detach")
        #expect(!clean.stdout.contains("earlier version"))
    }

    @Test(.freshDatabase) func kilnRunsJSONShowsEachAttemptsProvenance() throws {
        let project = try Project(name: "traced", lrs: [0.1])
        let git = { (arguments: [String]) in
            try ChildProcess.run(
                ["/usr/bin/git", "-C", project.folder] + arguments,
                environment: [
                    "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                    "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
                ])
        }
        _ = try git(["init", "-q"])
        _ = try git(["add", "train.py", "sweep.yaml"])
        _ = try git(["commit", "-q", "-m", "spec"])
        let head = try git(["rev-parse", "HEAD"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try QueueCommandsTests.trainer.appending("# edited\n").write(
            toFile: project.folder + "/train.py", atomically: true,
            encoding: .utf8)
        try project.kiln("run", "sweep.yaml")

        let output = try project.kiln("runs", "traced", "--json").stdout
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]])
        let run = try #require(runs.first)
        #expect(run["status"] as? String == "succeeded")
        let attempts = try #require(run["attempts"] as? [[String: Any]])
        #expect(attempts.count == 1)
        let attempt = try #require(attempts.first)
        #expect(attempt["kiln_version"] as? String == "0.2.0")
        #expect(attempt["host"] as? String == ProcessInfo.processInfo.hostName)
        let provenance = try #require(attempt["provenance"] as? [String: Any])
        #expect(provenance["git_commit"] as? String == head)
        #expect(provenance["git_dirty"] as? Bool == true)
        #expect(provenance["argv"] as? [String] == ["python3", "train.py", "--lr", "0.1"])
        #expect((provenance["executable"] as? String)?.hasSuffix("/train.py") == true)
        let sha = try ChildProcess.run(["/usr/bin/sha256sum", project.folder + "/train.py"]).stdout.prefix(64)
        #expect(provenance["executable_sha256"] as? String == String(sha))
        let environment = try #require(provenance["environment"] as? [String: String])
        #expect(environment["KILN_RUN_NAME"] == run["name"] as? String)
        #expect(environment["KILN_ATTEMPT"] == "1")
    }
}
