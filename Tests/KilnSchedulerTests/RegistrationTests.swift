import Foundation
import KilnPostgres
import KilnScheduler
import KilnSpec
import KilnStore
import KilnTestSupport
import Testing

@Suite(.tags(.postgres))
struct RegistrationTests {
    static func yaml(seeds: String) -> String {
        """
        name: idempotent
        trainer:
          command: [/bin/sh, "$FIXTURES/noop.sh"]
        grid:
          seed: \(seeds)
        """
    }

    @Test(.freshDatabase) func registeringTheSameFileTwiceAddsNothingAndAnEditAddsOnlyTheChangedRuns() throws {
        let sweep = try SweepFixture(url: FreshDatabase.url, yaml: Self.yaml(seeds: "[1, 2, 3]"), register: false)
        let first = try SweepRegistrar.register(sweep.plan, specPath: sweep.specPath, connection: sweep.connection)
        let again = try SweepRegistrar.register(sweep.plan, specPath: sweep.specPath, connection: sweep.connection)
        #expect(first.added == 3 && again.added == 0)
        #expect(again.sweepID == first.sweepID)

        let edited = try SweepPlan(
            spec: try SweepSpec(
                text: Self.yaml(seeds: "[1, 2, 4]").replacingOccurrences(
                    of: "$FIXTURES", with: SweepFixture.fixtures), file: sweep.specPath))
        let afterEdit = try SweepRegistrar.register(edited, specPath: sweep.specPath, connection: sweep.connection)
        #expect(afterEdit.added == 1)
        let runs = try sweep.runs()
        #expect(runs.count == 4)
        #expect(runs.values.allSatisfy { $0.trainer?.contains("noop.sh") == true && $0.status == .pending })
    }

    @Test(.freshDatabase) func aChildRunStartsFromItsParentsCheckpointOnlyAfterTheParentSucceeded() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: stages
                max_attempts: 1
                trainer:
                  command: [/bin/sh, -c, 'echo "init=$KILN_INIT_FROM" >&2; exec /usr/bin/python3 "$0" --steps 10 --every 5', "$FIXTURES/trainer.py"]
                stages:
                  - name: base
                    base: {steps: 10}
                  - name: child
                    from: {stage: base, step: 5}
                """)
        WorkerPool(settings: sweep.settings(), count: 2, sweepID: try sweep.sweepID).run()
        let runs = try sweep.runs().values
        let parent = try #require(runs.first { $0.stage == "base" })
        let child = try #require(runs.first { $0.stage == "child" })
        #expect(parent.status == .succeeded && child.status == .succeeded)
        #expect(child.parentRunID == parent.id)
        #expect((child.startedAt ?? 0) >= (parent.finishedAt ?? .infinity))
        let log = try String(contentsOfFile: try #require(child.logPath), encoding: .utf8)
        #expect(log.contains("init=\(sweep.project)/.kiln/runs/\(parent.id)/checkpoints/ckpt-5.json"))
    }
}
