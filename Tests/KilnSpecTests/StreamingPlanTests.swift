import Foundation
import Testing
@testable import KilnSpec

/// Plans that stream: runs one at a time, counts that stop early, summaries (issue 11, item 18).
@Suite struct StreamingPlanTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sweeps")

    @Test(
        "streaming gives the runs of the whole plan, in order, for every example sweep",
        arguments: SweepFilesTests.files)
    func sameRuns(name: String) throws {
        let spec = try SweepSpec(contentsOf: Self.folder.appendingPathComponent("\(name).yaml").path)
        var streamed: [PlannedRun] = []
        try SweepExpansion(spec: spec).forEach { run in
            streamed.append(run)
            return true
        }
        #expect(streamed == (try SweepPlan(spec: spec).runs))
        #expect(try SweepExpansion(spec: spec).count() == streamed.count)
    }

    @Test("counting stops at its limit")
    func countUpTo() throws {
        let spec = try SweepSpec(
            text: tinyBase + "grid: {lr: [1, 2, 3, 4, 5], seed: [1, 2, 3, 4]}\n", file: "test.yaml")
        #expect(try SweepExpansion(spec: spec).count() == 20)
        #expect(try SweepExpansion(spec: spec).count(upTo: 7) == 7)
    }

    @Test("a summary counts runs per stage, the values of each varying parameter, FLOPs and tokens")
    func summary() throws {
        let spec = try SweepSpec(
            text: tinyBase + """
                grid:
                  lr: [\((1...20).map { "\(Double($0) / 1000)" }.joined(separator: ", "))]
                  schedule: [{kind: constant}, {kind: cosine}]
                seeds: 1
                """, file: "test.yaml")
        let (summary, plan) = try PlanSummary.expand(spec, project: nil, keepingAtMost: 10)
        #expect(plan == nil)
        #expect(summary.count == 40 && summary.runsPerStage == ["main": 40])
        let full = try SweepPlan(spec: spec)
        #expect(summary.totalFLOPs == full.totalFLOPs)
        #expect(summary.totalTokens == Double(full.runs.map(\.compute.tokens).reduce(0, +)))
        let text = summary.text(gflops: 30)
        #expect(text.contains("  lr        20 values from 0.001 to 0.02\n"))
        #expect(text.contains("  schedule  2 values: constant, cosine\n"))
        #expect(!text.contains("seed"), "a parameter with one value does not vary")
        #expect(text.hasPrefix("sweep t: 40 runs in 1 stage(s)"))
        let (_, small) = try PlanSummary.expand(spec, project: nil, keepingAtMost: 40)
        #expect(small?.runs == full.runs)
    }
}
