import Foundation
import KilnPostgres
import KilnProtocol
import KilnTestSupport
import Testing

/// Population-based training with `kiln-train`, as a user runs it: `kiln run` trains every generation
/// (the later ones registered while it runs), and `kiln report` draws the population.
@Suite(.tags(.postgres, .subprocess, .slow))
struct PopulationEndToEndTests {
    @Test(.freshDatabase)
    func kilnTrainMembersCopyCheckpointsAcrossGenerationsAndTheReportDrawsThem() throws {
        let project = try ChildProcess.temporaryDirectory("kiln-e2e-pbt")
        defer { try? FileManager.default.removeItem(atPath: project) }
        try """
        name: tinypbt
        base: {layers: 1, width: 32, heads: 2, context: 32, batch: 4, steps: 40, log_every: 5, eval_every: 20,
               eval_batches: 1}
        data: synthetic
        eval: [synthetic]
        schedule: {kind: constant, warmup_steps: 5}
        population:
          size: 2
          ready: 20
          params: {lr: {log_uniform: [0.0003, 0.03]}}
          exploit: {truncation: 0.5}
          explore: {perturb: {lr: [0.5, 2]}}
          metric: val/synthetic/loss
          seed: 1
        """.write(toFile: project + "/pbt.yaml", atomically: true, encoding: .utf8)
        let url = ["--database-url", FreshDatabase.url]
        let prepare = try ChildProcess.run([ChildProcess.kiln, "data", "prepare"], in: project)
        #expect(prepare.status == 0, "\(prepare.stderr)")
        let run = try ChildProcess.run([ChildProcess.kiln, "run", "pbt.yaml", "--workers", "2"] + url, in: project)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")

        let connection = try Connection(url: FreshDatabase.url)
        let rows = try connection.query(
            """
            SELECT pm.generation, pm.member, pm.source_member, r.status, r.id, r.parent_run_id, s.id,
                   r.params->>'lr', s.params->>'lr'
            FROM population_members pm JOIN runs r ON r.id = pm.run_id LEFT JOIN runs s ON s.id = pm.source_run_id
            ORDER BY pm.generation, pm.member
            """)
        #expect(rows.count == 4, "2 members × 2 segments")
        #expect(try rows.map { try $0.decode(String.self, at: 3) } == Array(repeating: "succeeded", count: 4))
        // Generation 1: one member (the worse) copies the other; both start from a generation-0 checkpoint.
        let next = rows.dropFirst(2)
        let copying = try next.filter { try $0.decode(Int.self, at: 1) != $0.decode(Int.self, at: 2) }
        try #require(copying.count == 1, "truncation 0.5 of 2 members: one copies")
        let copy = copying[0]
        #expect(
            try copy.decode(Int64.self, at: 5) == copy.decode(Int64.self, at: 6), "its parent is the source segment")
        let lr = try #require(Double(try copy.decode(String.self, at: 7)))
        let sourceLR = try #require(Double(try copy.decode(String.self, at: 8)))
        #expect(abs(lr / sourceLR - 0.5) < 1e-9 || abs(lr / sourceLR - 2) < 1e-9, "lr \(sourceLR) → \(lr)")
        // kiln-train continued the source's step counter and optimizer state with the new rate.
        let runID = try copy.decode(Int64.self, at: 4), sourceID = try copy.decode(Int64.self, at: 6)
        let config = try JSONValue(
            parsing: String(contentsOfFile: "\(project)/.kiln/runs/\(runID)/config.json", encoding: .utf8))
        #expect(
            config["init_from"]?["path"]?.stringValue?.hasPrefix("\(project)/.kiln/runs/\(sourceID)/checkpoints/")
                == true)
        #expect(
            config["init_from"]?["keep_step"]?.boolValue == true && config["init_from"]?["optimizer"]?.boolValue == true
        )
        #expect(config["schedule"]?["peak"]?.doubleValue == lr && config["steps"]?.intValue == 40)
        let steps = try connection.query(
            "SELECT step FROM metrics WHERE run_id = $1 AND name = 'train/loss' ORDER BY step", [runID]
        ).map { try $0.decode(Int.self, at: 0) }
        #expect(steps == [25, 30, 35, 40], "the segment continues at step 21")
        let status = try ChildProcess.run([ChildProcess.kiln, "status", "tinypbt"] + url, in: project)
        #expect(status.stdout.contains("4/4"), "every segment counted: \(status.stdout)")

        let report = try ChildProcess.run(
            [ChildProcess.kiln, "report", "tinypbt", "-o", "pbt.html"] + url, in: project)
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOfFile: project + "/pbt.html", encoding: .utf8)
        #expect(html.contains("<section id=\"population\">"))
        #expect(html.contains("Lineage of the final best member"))
        #expect(html.contains("learning rate each member trained with"))
    }
}
