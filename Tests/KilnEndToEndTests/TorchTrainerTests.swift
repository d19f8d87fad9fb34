import Foundation
import KilnPostgres
import KilnTestSupport
import Testing

/// `examples/torch.yaml` through `kiln run` with the PyTorch trainer (`examples/torch/train.py` on the
/// CPU build of PyTorch, which `make test` installs): `kill -9` of the worker mid-run and a rerun
/// resume the run from its checkpoint with every point stored once, and the branched WSD cooldown
/// (`from:` with `keep_step`) starts from its parent's weights at the branch step (issue 14).
@Suite(.tags(.postgres, .subprocess, .slow))
struct TorchTrainerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// `examples/torch.yaml` in a fresh project with prepared corpora, its trainer named by absolute path.
    static func project() throws -> String {
        let project = try ChildProcess.temporaryDirectory("kiln-torch")
        let spec = try String(contentsOfFile: root + "/examples/torch.yaml", encoding: .utf8)
            .replacingOccurrences(of: "examples/torch/train.py", with: root + "/examples/torch/train.py")
        try spec.write(toFile: project + "/torch.yaml", atomically: true, encoding: .utf8)
        let prepare = try ChildProcess.run([ChildProcess.kiln, "data", "prepare"], in: project)
        #expect(prepare.status == 0, "\(prepare.stderr)")
        return project
    }

    /// The steps at which `run` stored `metric`, in order, with repeats.
    static func steps(_ connection: Connection, run: Int64, metric: String = "train/loss") throws -> [Int] {
        try connection.query("SELECT step FROM metrics WHERE run_id = $1 AND name = $2 ORDER BY step", [run, metric])
            .map { try $0.decode(Int.self, at: 0) }
    }

    static func value(_ connection: Connection, run: Int64, step: Int, metric: String = "train/loss") throws -> Double {
        try connection.query(
            "SELECT value FROM metrics WHERE run_id = $1 AND name = $2 AND step = $3", [run, metric, Int64(step)])[0]
            .decode(Double.self, at: 0)
    }

    @Test(.freshDatabase) func killedMidRunItResumesFromItsCheckpointAndTheCooldownBranchStartsFromItsParent() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: project) }
        let environment = [
            "KILN_DATABASE_URL": FreshDatabase.url, "KILN_LEASE_SECONDS": "2", "KILN_KILL_GRACE_SECONDS": "0.5",
        ]
        let connection = try Connection(url: FreshDatabase.url)

        let first = try ChildProcess.spawn(
            [ChildProcess.kiln, "run", "torch.yaml", "--workers", "1"], in: project, environment: environment)
        // Wait (bounded) for a run training past its checkpoint of step 100, then kill the worker.
        var victim: Int64?
        let deadline = Date().addingTimeInterval(600)
        while victim == nil && Date() < deadline && ChildProcess.status(ifExited: first) == nil {
            victim = try connection.query(
                """
                SELECT r.id FROM runs r JOIN checkpoints c ON c.run_id = r.id WHERE r.status = 'running' AND c.step = 100
                """
            ).first?.decode(Int64.self, at: 0)
            if victim == nil { Thread.sleep(forTimeInterval: 0.1) }
        }
        let killed = try #require(victim, "no run reached its checkpoint of step 100 while kiln run was alive")
        kill(first, SIGKILL)
        _ = ChildProcess.wait(first)

        let second = try ChildProcess.run(
            [ChildProcess.kiln, "run", "torch.yaml", "--workers", "1"], in: project, environment: environment)
        #expect(second.status == 0, "\(second.stdout)\n\(second.stderr)")

        let runs = try connection.query(
            "SELECT id, stage, status, attempt, params->'schedule'->>'kind' FROM runs ORDER BY id"
        ).map {
            (
                id: try $0.decode(Int64.self, at: 0), stage: try $0.decode(String.self, at: 1),
                status: try $0.decode(String.self, at: 2),
                attempt: try $0.decode(Int.self, at: 3), kind: try $0.decode(String.self, at: 4)
            )
        }
        #expect(runs.count == 3 && runs.allSatisfy { $0.status == "succeeded" }, "\(runs)")

        // The killed run: resumed from a checkpoint at step 100 or later, every point stored once.
        let resumed = try #require(runs.first { $0.id == killed })
        #expect(resumed.attempt == 2)
        let logPath = project + "/.kiln/runs/\(killed)/log.txt"
        let log = try String(contentsOfFile: logPath, encoding: .utf8)
        let from = log.components(separatedBy: "[kiln] resuming from the checkpoint of step ").dropFirst().compactMap {
            Int($0.prefix { $0.isNumber })
        }
        #expect(from.count == 1 && from.allSatisfy { $0 >= 100 }, "\(log)")
        #expect(log.contains("from step \(from.first ?? -1),"), "the trainer restarted at the checkpoint's step")
        let parentSteps = try Self.steps(connection, run: killed)
        for run in runs where run.stage == "schedules" {
            #expect(
                try Self.steps(connection, run: run.id) == Array(stride(from: 10, through: 250, by: 10)),
                "run \(run.id)")
            #expect(try Self.steps(connection, run: run.id, metric: "val/prose/loss") == [50, 100, 150, 200, 250])
        }
        #expect(parentSteps.count == 25)

        // The cooldown branch continues the constant run's step counter from its weights at step 200:
        // its first points come at step 210, with a loss next to its parent's there (same weights and
        // batches, a slightly lower rate), far below that of a model ten steps from initialisation.
        let parent = try #require(runs.first { $0.stage == "schedules" && $0.kind == "constant" })
        let branch = try #require(runs.first { $0.stage == "cooldown" })
        #expect(try Self.steps(connection, run: branch.id) == [210, 220, 230, 240, 250])
        let branchLoss = try Self.value(connection, run: branch.id, step: 210)
        let parentLoss = try Self.value(connection, run: parent.id, step: 210)
        let freshLoss = try Self.value(connection, run: parent.id, step: 10)
        #expect(
            abs(branchLoss - parentLoss) < 0.1 && freshLoss - branchLoss > 0.3,
            "branch \(branchLoss), parent \(parentLoss), fresh \(freshLoss)")
        let branchLog = try String(contentsOfFile: project + "/.kiln/runs/\(branch.id)/log.txt", encoding: .utf8)
        #expect(branchLog.contains("from step 200,"), "\(branchLog)")
    }
}
