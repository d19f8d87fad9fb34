import Foundation
import KilnPostgres
import KilnTestSupport
import Testing

/// `from.grow` through `kiln run`: a one-layer model trained, stacked into three layers, trained on.
@Suite(.tags(.postgres, .subprocess, .slow))
struct GrowthEndToEndTests {
    @Test(.freshDatabase)
    func aGrownStageStartsFromItsParentStackedAndRecordsTheGrowth() throws {
        let project = try ChildProcess.temporaryDirectory("kiln-e2e-grow")
        defer { try? FileManager.default.removeItem(atPath: project) }
        let text = (0..<400).map { "line \($0): the quick brown fox jumps over the lazy dog.\n" }.joined()
        try text.write(toFile: project + "/text.txt", atomically: true, encoding: .utf8)
        try """
        name: grow
        base: {width: 16, heads: 2, context: 16, batch: 4, lr: 0.01, log_every: 5, eval_every: 0,
               log_layer_grad_norms: true, norm: peri}
        data: \(project)/text.txt
        schedule: {kind: cosine, floor: 0.1}
        stages:
          - name: small
            base: {layers: 1, steps: 20}
          - name: grown
            from: {stage: small, grow: {depth: 3}}
            base: {steps: 10}
        """.write(toFile: project + "/grow.yaml", atomically: true, encoding: .utf8)
        let url = ["--database-url", FreshDatabase.url]
        let run = try ChildProcess.run([ChildProcess.kiln, "run", "grow.yaml"] + url, in: project)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")

        let connection = try Connection(url: FreshDatabase.url)
        let rows = try connection.query(
            "SELECT status, params::jsonb -> 'grow', run_dir, parent_run_id IS NOT NULL FROM runs ORDER BY id")
        #expect(rows.map { $0[0] } == ["succeeded", "succeeded"])
        // the growth is stored with the run: operator, depths and the parent's step it grew from
        let grow = try #require(rows[1][1])
        for field in ["\"operator\": \"stack\"", "\"layers\": 3", "\"source_layers\": 1", "\"source_step\": 20"] {
            #expect(grow.contains(field), "\(grow)")
        }
        #expect(rows[1][3] == "t")
        // the trainer was told to grow, and logged every block of the grown model
        let runDirectory = try #require(rows[1][2])
        let config = try String(
            contentsOfFile: (runDirectory.hasPrefix("/") ? "" : project + "/") + runDirectory + "/config.json",
            encoding: .utf8)
        #expect(config.contains("\"grow\""), "\(config)")
        let layerNorms = try connection.query(
            """
            SELECT count(DISTINCT m.name) FROM metrics m JOIN runs r ON r.id = m.run_id
            WHERE r.name LIKE 'grown%' AND m.name LIKE 'grad_norm/layer%'
            """)[0].decode(Int.self, at: 0)
        #expect(layerNorms == 3)
        let firstLoss = try connection.query(
            """
            SELECT m.value FROM metrics m JOIN runs r ON r.id = m.run_id
            WHERE r.name LIKE 'grown%' AND m.name = 'train/loss' ORDER BY m.step LIMIT 1
            """)[0].decode(Double.self, at: 0)
        #expect(firstLoss.isFinite && firstLoss < log(256.0), "a grown model starts below the untrained loss")
    }
}
