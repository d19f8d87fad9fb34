import Foundation
import KilnPostgres
import KilnProtocol
import KilnScheduler
import KilnSpec
import KilnStore
import KilnTestSupport
import Synchronization
import Testing

/// Population-based training through the real scheduler and PostgreSQL: the generation step, its
/// lineage, and what the next segments start from.
@Suite(.tags(.postgres, .subprocess))
struct PopulationTests {
    static func yaml(size: Int, ready: Int, steps: Int) -> String {
        """
        name: pbt
        max_attempts: 1
        trainer:
          command: [/usr/bin/python3, "$FIXTURES/pbt_trainer.py"]
        base: {steps: \(steps)}
        population:
          size: \(size)
          ready: \(ready)
          params: {lr: {log_uniform: [0.001, 0.1]}}
          exploit: {truncation: 0.25}
          explore: {perturb: {lr: [0.8, 1.25]}}
          metric: val/loss
          seed: 3
        """
    }

    /// The lineage rows of the sweep's population, by (generation, member).
    static func lineage(_ sweep: SweepFixture) throws -> [PopulationSegment] {
        try PopulationStore(connection: sweep.connection).lineage(sweepID: try sweep.sweepID)
    }

    @Test(.freshDatabase)
    func bottomMembersContinueFromATopMembersCheckpointWithTheStepKeptAndAPerturbedLearningRate() throws {
        let sweep = try SweepFixture(url: FreshDatabase.url, yaml: Self.yaml(size: 4, ready: 5, steps: 15))
        #expect(sweep.plan.runs.map(\.member) == [0, 1, 2, 3])
        #expect(sweep.plan.runs.allSatisfy { $0.id.hasPrefix("main-m\($0.member!)-g0-") })
        WorkerPool(settings: sweep.settings(), count: 2, sweepID: try sweep.sweepID).run()

        let runs = try RunStore(connection: sweep.connection).runs(sweepID: try sweep.sweepID)
        #expect(runs.count == 12, "3 generations of 4 members: \(runs.map(\.name))")
        #expect(runs.allSatisfy { $0.status == .succeeded }, "\(runs.map { ($0.name, $0.status, $0.failure) })")
        let byID = Dictionary(uniqueKeysWithValues: runs.map { ($0.id, $0) })
        let segments = try Self.lineage(sweep)
        #expect(segments.map(\.generation) == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])
        for generation in 1...2 {
            let previous = segments.filter { $0.generation == generation - 1 }
            let current = segments.filter { $0.generation == generation }
            #expect(previous.allSatisfy { $0.score != nil }, "the ranked generation has its scores")
            let copying = current.filter { $0.sourceMember != $0.member }
            try #require(copying.count == 1, "truncation 0.25 of 4 members: one copies")
            let copy = copying[0]
            let worst = previous.max { ($0.score ?? 0) < ($1.score ?? 0) }!
            let best = previous.min { ($0.score ?? 0) < ($1.score ?? 0) }!
            #expect(copy.member == worst.member, "the worst member copies")
            #expect(copy.sourceMember == best.member, "from the best one (the top fraction is one member)")
            let source = try #require(previous.first { $0.member == copy.sourceMember })
            #expect(copy.sourceRunID == source.runID)
            let run = try #require(byID[copy.runID])
            #expect(run.parentRunID == source.runID && run.parentKeepStep && run.parentOptimizer)
            let sourceLR = try #require(source.params["lr"]?.doubleValue)
            let lr = try #require(copy.params["lr"]?.doubleValue)
            let factor = lr / sourceLR
            #expect(abs(factor - 0.8) < 1e-9 || abs(factor - 1.25) < 1e-9, "lr \(sourceLR) → \(lr)")
            #expect(
                copy.changed["lr"]?["from"]?.doubleValue == sourceLR && copy.changed["lr"]?["to"]?.doubleValue == lr)
            #expect(copy.startStep == 5 * generation && copy.endStep == 5 * (generation + 1))
            // What the trainer was given: the source's final checkpoint, keeping its step and optimizer.
            let config = try JSONValue(
                parsing: String(contentsOfFile: try #require(run.runDirectory) + "/config.json", encoding: .utf8))
            let sourceRun = try #require(byID[source.runID])
            #expect(
                config["init_from"]?["path"]?.stringValue
                    == "\(sweep.project)/.kiln/runs/\(sourceRun.id)/checkpoints/ckpt-\(5 * generation).json")
            #expect(config["init_from"]?["keep_step"]?.boolValue == true)
            #expect(config["init_from"]?["optimizer"]?.boolValue == true)
            #expect(config["lr"]?.doubleValue == lr && config["steps"]?.intValue == 5 * (generation + 1))
            let steps = try MetricStore(connection: sweep.connection).series(runID: run.id, name: "train/loss")
            #expect(
                steps.map(\.step) == Array((5 * generation + 1)...(5 * (generation + 1))), "the step counter continues")
            // The others continue their own checkpoints with their own rates.
            for kept in current where kept.sourceMember == kept.member {
                let own = try #require(previous.first { $0.member == kept.member })
                #expect(byID[kept.runID]?.parentRunID == own.runID)
                #expect(kept.params["lr"]?.doubleValue == own.params["lr"]?.doubleValue)
                #expect(kept.changed.members?.isEmpty == true)
            }
        }
        #expect(
            try SweepRegistrar.register(sweep.plan, specPath: sweep.specPath, connection: sweep.connection).added == 0)
    }

    @Test(.freshDatabase)
    func twoWorkersFinishingTheLastSegmentsAtOnceRegisterExactlyOneNextGeneration() throws {
        let sweep = try SweepFixture(url: FreshDatabase.url, yaml: Self.yaml(size: 2, ready: 5, steps: 10))
        let sweepID = try sweep.sweepID
        let first = try Connection(url: sweep.url)
        let claimed = try ["host/1/0", "host/1/1"].map { worker in
            try #require(
                try RunStore(connection: first).claim(
                    worker: worker, sweepID: sweepID, leaseSeconds: 60, freeThreads: 1, cores: 1))
        }
        try MetricStore(connection: sweep.connection).ingest(
            claimed.enumerated().map { MetricPoint(runID: $1.id, name: "val/loss", step: 5, value: Double($0) + 1) })
        let done = AttemptResult(status: .succeeded, exitCode: 0)
        // The first worker records its run and looks for the generation's end while the second
        // records its own: neither has committed when the other looks.
        let second = SecondWorker()
        let url = sweep.url, run = claimed[1]
        _ = try first.withTransaction { connection in
            try RunStore(connection: connection).finishAdvancingPopulation(
                runID: claimed[0].id, worker: "host/1/0", attempt: 1, result: done)
            Thread.detachNewThread {
                do {
                    _ = try Connection(url: url).withTransaction { connection in
                        try RunStore(connection: connection).finishAdvancingPopulation(
                            runID: run.id, worker: "host/1/1", attempt: 1, result: done)
                    }
                } catch {
                    second.error.withLock { $0 = "\(error)" }
                }
                second.done.signal()
            }
            // The second transaction waits for the first's lock on the population before it looks.
            try waitUntil("the second worker waits for the population's lock") {
                try sweep.connection.query(
                    "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
                ).count == 1
            }
        }
        second.done.wait()
        #expect(second.error.withLock { $0 } == nil)
        let segments = try Self.lineage(sweep)
        #expect(segments.map(\.generation) == [0, 0, 1, 1], "exactly one next generation")
        let next = segments.filter { $0.generation == 1 }
        #expect(next.map(\.sourceMember) == [0, 0], "member 1 (val/loss 2) copies member 0 (val/loss 1)")
        #expect(try RunStore(connection: sweep.connection).progress(sweepID: sweepID).pending == 2)
        // Finishing again (a repeated finish after a lost connection) adds nothing.
        #expect(try PopulationStore(connection: sweep.connection).advance(afterFinishing: claimed[1].id) == 0)
    }
}

/// How the second worker's transaction ended, from its own thread.
private final class SecondWorker: Sendable {
    let done = DispatchSemaphore(value: 0)
    let error = Mutex<String?>(nil)
}
