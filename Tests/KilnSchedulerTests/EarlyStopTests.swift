import Foundation
import KilnScheduler
import KilnStore
import KilnTestSupport
import Testing

/// Schedule-aware early stopping through the real scheduler: a fixture trainer whose loss follows the annealing law
/// on its own schedule, one run 40% worse than the others. The worker that ingests that run's points stops it at a
/// check step: it ends `pruned` with a checkpoint and a stored decision, and `kiln retry RUN` continues it to its end.
@Suite(.tags(.postgres, .subprocess, .slow))
struct EarlyStopTests {
    static let yaml = """
        name: early-stop-live
        trainer:
          command: [/usr/bin/python3, "$FIXTURES/lawtrainer.py", --scale, "{scale}", --sleep, "0.002", --marker, "$MARKERS"]
        max_attempts: 1
        base:
          steps: 300
          lr: 0.001
        schedule: {kind: cosine, warmup: 0.05, floor: 0.1}
        early_stop: {first_check: 0.5, interval: 0.1, min_runs: 3, bootstrap: 20}
        grid:
          scale: [1.0, 1.002, 1.4]
        """

    @Test(.freshDatabase) func aClearlyWorseRunEndsPrunedWithACheckpointAndRetryContinuesIt() throws {
        let sweep = try SweepFixture(url: FreshDatabase.url, yaml: Self.yaml)
        // One worker: the runs train in plan order, so the worse run is checked against two finished runs.
        WorkerPool(settings: sweep.settings(), count: 1, sweepID: try sweep.sweepID).run()
        let runs = try sweep.runs().values.sorted { $0.id < $1.id }
        #expect(runs.map(\.status) == [.succeeded, .succeeded, .pruned])
        let pruned = try #require(runs.last)
        #expect(pruned.failure?.hasPrefix("pruned at step ") == true, "\(pruned.failure ?? "")")
        #expect(sweep.markerLines(pruned.name) == 0)
        let checkpoint = try #require(try CheckpointStore(connection: sweep.connection).checkpoint(runID: pruned.id))
        #expect(checkpoint.step >= 150 && checkpoint.step < 299)
        let decisions = try EarlyStopStore(connection: sweep.connection).decisions(sweepID: try sweep.sweepID)
        let decision = try #require(decisions.first)
        #expect(decisions.count == 1 && decision.runID == pruned.id)
        #expect(decision.predictedFinal > 1.3 * decision.bestPredicted && decision.curve.steps.last == 299)
        #expect(decision.step <= checkpoint.step)
        let progress = try RunStore(connection: sweep.connection).progress(sweepID: try sweep.sweepID)
        #expect(progress.pruned == 1 && progress.isComplete)

        let retried = try ChildProcess.run(
            [ChildProcess.kiln, "retry", pruned.name], in: sweep.project, environment: sweep.environment)
        #expect(retried.status == 0, "\(retried.stdout)\(retried.stderr)")
        #expect(try sweep.runs()[pruned.name]?.status == .pending)
        WorkerPool(settings: sweep.settings(), count: 1, sweepID: try sweep.sweepID).run()
        let continued = try #require(try sweep.runs()[pruned.name])
        #expect(continued.status == .succeeded)
        #expect(sweep.markerLines(pruned.name) == 1)
        let log = try String(contentsOfFile: try #require(continued.logPath), encoding: .utf8)
        #expect(log.contains("[kiln] resuming from the checkpoint of step \(checkpoint.step)"))
        #expect(log.contains("not checked again"))
    }

    @Test(.freshDatabase) func aSweepWithoutEarlyStopPrunesNothing() throws {
        let yaml = Self.yaml.replacingOccurrences(
            of: "early_stop: {first_check: 0.5, interval: 0.1, min_runs: 3, bootstrap: 20}\n", with: "")
        let sweep = try SweepFixture(url: FreshDatabase.url, yaml: yaml)
        WorkerPool(settings: sweep.settings(), count: 1, sweepID: try sweep.sweepID).run()
        #expect(try sweep.runs().values.allSatisfy { $0.status == .succeeded })
    }
}
