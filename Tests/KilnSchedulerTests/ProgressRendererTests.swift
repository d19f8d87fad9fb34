@testable import KilnScheduler
import KilnStore
import Testing

@Suite struct ProgressRendererTests {
    static func run(step: Int?, loss: Double?, rate: Double?) -> ProgressBoard.ActiveRun {
        ProgressBoard.ActiveRun(
            id: 1, name: "main-lr0.01-abc", attempt: 1, step: step, totalSteps: 1000, loss: loss,
            tokensPerSecond: rate, startedAt: 0)
    }

    @Test func anActiveRunShowsStepOfTotalLossAndThroughput() {
        let line = ProgressRenderer().line(for: Self.run(step: 120, loss: 2.31, rate: 5_200))
        #expect(line.hasPrefix("main-lr0.01-abc  step 120/1000  loss 2.3100  5.2k tok/s  "))
    }

    @Test func theSweepBarCountsFinishedRunsAndEstimatesTheRemainingTime() {
        var progress = SweepProgress()
        progress.succeeded = 4
        progress.failed = 1
        progress.running = 2
        progress.pending = 3
        let lines = ProgressRenderer().lines(
            sweep: "demo", progress: progress, active: [Self.run(step: nil, loss: nil, rate: nil)],
            rate: 0.5)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("main-lr0.01-abc  step -/1000  "))
        // 5 of 10 finished: half the bar; 5 left at 0.5 runs/s is 10 s.
        #expect(
            lines[1] == "demo [" + String(repeating: "█", count: 15) + String(repeating: "░", count: 15)
                + "] 5/10  ✓4 ✗1  running 2  ETA 0:10")
    }

    @Test func aLogLineForEachStateChange() {
        let renderer = ProgressRenderer()
        let failed = ProgressBoard.Event(runName: "r", attempt: 2, status: .failed, detail: "exit 1", seconds: 3)
        let done = ProgressBoard.Event(runName: "r", attempt: 1, status: .succeeded, detail: nil, seconds: 12.34)
        #expect(renderer.line(for: failed) == "failed r (attempt 2): exit 1")
        #expect(renderer.line(for: done) == "succeeded r in 12.3 s")
    }
}
