import Foundation
import KilnProtocol
import KilnPostgres
import KilnTestSupport
import Testing

/// The built `kiln` driven as a user drives it: spec → run → fit → report → export, against a fresh database.
@Suite(.tags(.postgres, .subprocess, .slow))
struct EndToEndTests {
    /// The repository's root folder.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test(.freshDatabase)
    func theExamplePythonTrainerRunsASweepThroughTheProtocol() throws {
        let project = try ChildProcess.temporaryDirectory("kiln-e2e-py")
        defer { try? FileManager.default.removeItem(atPath: project) }
        let text = (0..<400).map { "line \($0): the quick brown fox jumps over the lazy dog.\n" }.joined()
        try text.write(toFile: project + "/text.txt", atomically: true, encoding: .utf8)
        try """
        name: py
        trainer:
          command: [/usr/bin/python3, \(Self.root)/examples/bigram_trainer.py, --data, "{data_file}",
                    --lr, "{lr}", --steps, "{steps}", --log-every, "10"]
        base: {data_file: \(project)/text.txt, steps: 40}
        grid: {lr: [1, 4]}
        """.write(toFile: project + "/py.yaml", atomically: true, encoding: .utf8)
        let url = ["--database-url", FreshDatabase.url]
        let run = try ChildProcess.run([ChildProcess.kiln, "run", "py.yaml"] + url, in: project)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")

        let connection = try Connection(url: FreshDatabase.url)
        let statuses = try connection.query("SELECT status FROM runs ORDER BY id").map { $0[0] }
        #expect(statuses == ["succeeded", "succeeded"])
        let losses = try connection.query(
            """
            SELECT count(*) FROM metrics m JOIN runs r ON r.id = m.run_id WHERE m.name = 'train/loss' GROUP BY r.id
            """
        ).map { try $0.decode(Int.self, at: 0) }
        #expect(losses == [4, 4])
        let checkpoints = try connection.query("SELECT count(*) FROM checkpoints")[0].decode(Int.self, at: 0)
        #expect(checkpoints == 2)

        let report = try ChildProcess.run([ChildProcess.kiln, "report", "py", "-o", "py.html"] + url, in: project)
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOfFile: project + "/py.html", encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") || html.hasPrefix("<!doctype html>"))
        #expect(html.contains("train/loss"))
    }

    @Test(.freshDatabase)
    func aBuiltInSweepTrainsFitsReportsAndExports() throws {
        let project = try ChildProcess.temporaryDirectory("kiln-e2e")
        defer { try? FileManager.default.removeItem(atPath: project) }
        try """
        name: tiny
        description: two schedules on a tiny model
        base: {layers: 1, width: 32, heads: 2, context: 32, batch: 8, steps: 60, lr: 0.01, log_every: 5,
               eval_every: 20, eval_batches: 2}
        data: synthetic
        eval: [synthetic]
        grid:
          schedule:
            - {kind: cosine, warmup: 0.1, floor: 0.1}
            - {kind: wsd, warmup: 0.1, decay: 0.3, shape: linear}
        """.write(toFile: project + "/tiny.yaml", atomically: true, encoding: .utf8)
        let url = ["--database-url", FreshDatabase.url]
        let prepare = try ChildProcess.run([ChildProcess.kiln, "data", "prepare"], in: project)
        #expect(prepare.status == 0, "\(prepare.stderr)")
        let run = try ChildProcess.run([ChildProcess.kiln, "run", "tiny.yaml"] + url, in: project)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let again = try ChildProcess.run([ChildProcess.kiln, "run", "tiny.yaml"] + url, in: project)
        #expect(again.status == 0)

        let connection = try Connection(url: FreshDatabase.url)
        #expect(
            try connection.query("SELECT count(*) FROM runs WHERE status = 'succeeded'")[0].decode(Int.self, at: 0) == 2
        )
        let initial = try connection.query(
            "SELECT value FROM metrics WHERE name = 'train/loss' AND step = 5 ORDER BY run_id"
        ).map { try $0.decode(Double.self, at: 0) }
        let final = try connection.query(
            "SELECT value FROM metrics WHERE name = 'train/loss' AND step = 60 ORDER BY run_id"
        ).map { try $0.decode(Double.self, at: 0) }
        #expect(initial.count == 2 && final.count == 2)
        #expect(zip(initial, final).allSatisfy { $1 < $0 }, "training lowers the loss: \(initial) → \(final)")

        let fit = try ChildProcess.run(
            [ChildProcess.kiln, "fit", "schedule", "tiny", "--train-on", "cosine", "--predict", "wsd", "--json"] + url,
            in: project)
        #expect(fit.status == 0, "\(fit.stderr)")
        #expect(fit.stdout.contains("mean_rel_error"))
        #expect(try connection.query("SELECT kind FROM fits").map { $0[0] } == ["annealing-law"])

        let report = try ChildProcess.run([ChildProcess.kiln, "report", "tiny", "-o", "tiny.html"] + url, in: project)
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOfFile: project + "/tiny.html", encoding: .utf8)
        #expect(html.contains("LR-annealing law"))
        // How each run was started, from the attempts the workers recorded.
        #expect(html.contains("<section id=\"provenance\">"), "the report has a provenance section")
        #expect(html.contains("Every run: Kiln \(KilnVersion.current)"), "one Kiln version for both runs")
        #expect(html.contains("kiln-train sha256 "), "the program and its hash")
        let export = try ChildProcess.run([ChildProcess.kiln, "export", "tiny"] + url, in: project)
        #expect(export.status == 0, "\(export.stderr)")
        let runsCSV = try String(contentsOfFile: project + "/runs.csv", encoding: .utf8)
        #expect(runsCSV.utf8.split(separator: UInt8(ascii: "\n")).count == 3, "a header and one row per run")
    }

    @Test func aMisspelledKeyIsAnErrorWithItsPlaceAndASuggestion() throws {
        let project = try ChildProcess.temporaryDirectory("kiln-e2e-bad")
        defer { try? FileManager.default.removeItem(atPath: project) }
        try "name: bad\nbase: {layers: 1}\ngird:\n  lr: [1]\n".write(
            toFile: project + "/bad.yaml", atomically: true, encoding: .utf8)
        let plan = try ChildProcess.run([ChildProcess.kiln, "plan", "bad.yaml"], in: project)
        #expect(plan.status != 0)
        #expect(plan.stderr.contains("bad.yaml:3:1"), "\(plan.stderr)")
        #expect(plan.stderr.contains("did you mean 'grid'"), "\(plan.stderr)")
    }
}
