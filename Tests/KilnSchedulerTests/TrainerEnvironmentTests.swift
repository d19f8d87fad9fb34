import Foundation
import KilnLearningRate
@testable import KilnScheduler
import KilnStore
import KilnTestSupport
import Testing

/// Every trainer, built-in or `command:`, gets `KILN_CONFIG` (the run's resolved configuration) and
/// `KILN_LR_FILE` (the learning rate of every step) in its environment (issue 14).
@Suite(.tags(.postgres, .subprocess))
struct TrainerEnvironmentTests {
    static let yaml = """
        name: env-files
        trainer:
          command: [/bin/sh, "$FIXTURES/probe.sh", "$MARKERS"]
        base: {layers: 1, width: 8, heads: 1, context: 16, batch: 2, lr: 0.01, hidden: 7, seed: 3, tied: true, ratio: 0.1}
        data: prose
        stages:
          - name: base
            base: {steps: 50}
            schedule: {kind: constant, warmup_steps: 5}
          - name: branch
            from: {stage: base, keep_step: true}
            base: {steps: 80}
            schedule: {kind: constant, warmup_steps: 5}
          - name: wsd
            base: {steps: 40}
            schedule: {kind: wsd, warmup_steps: 4, decay: 0.25, shape: 1-sqrt}
        """

    /// The rates of an LR file, one per line.
    static func rates(_ path: String) throws -> [Double] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try #require(Double($0)) }
    }

    static func object(_ path: String) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test(.freshDatabase) func aCommandTrainerGetsTheResolvedConfigurationAndEveryStepsRate() throws {
        let sweep = try SweepFixture(url: FreshDatabase.url, yaml: Self.yaml)
        WorkerPool(settings: sweep.settings(), count: 1, sweepID: try sweep.sweepID).run()
        let runs = try sweep.runs()
        #expect(
            runs.count == 3 && runs.values.allSatisfy { $0.status == .succeeded },
            "\(runs.values.map { ($0.name, $0.status) })")

        let base = try #require(runs.values.first { $0.name.hasPrefix("base") })
        let config = try Self.object(sweep.markers + "/\(base.name).config.json")
        #expect(config["steps"] as? Int == 50 && config["layers"] as? Int == 1 && config["seed"] as? Int == 3)
        #expect(config["hidden"] as? Int == 7, "a command trainer's own parameters are kept")
        let text = try String(contentsOfFile: sweep.markers + "/\(base.name).config.json", encoding: .utf8)
        #expect(
            text.contains("\"tied\": true") && text.contains("\"ratio\": 0.1"),
            "a flag stays a boolean, a number keeps its digits: \(text)")
        #expect(config["output_dir"] as? String == sweep.project + "/.kiln/runs/\(base.id)/checkpoints")
        #expect(config["data_dir"] as? String == sweep.project + "/.kiln/data")
        #expect(config["threads"] as? Int == 1)
        #expect(config["log_every"] as? Int == 10, "defaults of the built-in configuration are filled in")
        #expect((config["schedule"] as? [String: Any])?["kind"] as? String == "constant")
        #expect((config["data"] as? [String: Any])?["mixture"] != nil)
        #expect(config["init_from"] == nil && config["resume_from"] == nil)
        let constant = ScheduleSpec.constant(ConstantSchedule(peak: 0.01, warmup: 5))
        #expect(try Self.rates(sweep.markers + "/\(base.name).lr") == constant.learningRates(count: 50))

        let branch = try #require(runs.values.first { $0.name.hasPrefix("branch") })
        let child = try Self.object(sweep.markers + "/\(branch.name).config.json")
        let initFrom = try #require(child["init_from"] as? [String: Any])
        #expect(initFrom["path"] as? String == sweep.project + "/.kiln/runs/\(base.id)/checkpoints/step-1.ckpt")
        #expect(initFrom["keep_step"] as? Bool == true && initFrom["optimizer"] as? Bool == true)
        #expect(try Self.rates(sweep.markers + "/\(branch.name).lr") == constant.learningRates(count: 80))

        let wsd = try #require(runs.values.first { $0.name.hasPrefix("wsd") })
        let schedule = try JSONDecoder().decode(
            ScheduleSpec.self,
            from: JSONSerialization.data(
                withJSONObject: try #require(Self.object(sweep.markers + "/\(wsd.name).config.json")["schedule"])))
        let rates = try Self.rates(sweep.markers + "/\(wsd.name).lr")
        #expect(rates == schedule.learningRates(count: 40) && rates.last == 0)
    }

    @Test(.freshDatabase) func theBuiltInTrainerGetsItsConfigurationAndRatesToo() throws {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: env-builtin
                base: {layers: 1, width: 8, heads: 1, context: 16, batch: 2, lr: 0.01, steps: 30}
                schedule: {kind: cosine, warmup_steps: 3}
                data: prose
                """)
        let run = try #require(try sweep.runs().values.first)
        let launch = try TrainerLaunch(
            run: run, settings: sweep.settings(), checkpoints: CheckpointStore(connection: sweep.connection))
        #expect(launch.environment["KILN_CONFIG"] == launch.runDirectory + "/config.json")
        #expect(launch.argv.last == launch.environment["KILN_CONFIG"])
        let rates = try Self.rates(try #require(launch.environment["KILN_LR_FILE"]))
        let schedule = ScheduleSpec.cosine(DecaySchedule(peak: 0.01, warmup: 3, total: 30, floor: 0.1, shape: .cosine))
        #expect(rates == schedule.learningRates(count: 30))
    }

    @Test func aRunOfMoreThanTenMillionStepsGetsNoRateFile() throws {
        let folder = try ChildProcess.temporaryDirectory("kiln-rates")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let schedule = ScheduleSpec.constant(ConstantSchedule(peak: 0.01))
        #expect(try !TrainerEnvironment.writeLearningRates(schedule, steps: 1_000_000_000_000, to: folder + "/lr.txt"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/lr.txt"))
        #expect(try TrainerEnvironment.writeLearningRates(schedule, steps: 3, to: folder + "/lr.txt"))
        #expect(try Self.rates(folder + "/lr.txt") == [0.01, 0.01, 0.01])
    }

    /// A branched run that resumes from its own checkpoint gets `resume_from` alone: kiln-train refuses a
    /// configuration with both (`give resume_from or init_from, not both`), so a resumed branch would fail.
    @Test(.freshDatabase, arguments: [false, true]) func aResumedBranchGetsResumeFromWithoutInitFrom(command: Bool)
        throws
    {
        let sweep = try SweepFixture(
            url: FreshDatabase.url,
            yaml: """
                name: resumed-branch
                \(command ? "trainer: {command: [/bin/sh, \"$FIXTURES/probe.sh\"]}" : "")
                base: {layers: 1, width: 8, heads: 1, context: 16, batch: 2, lr: 0.01, steps: 20}
                schedule: {kind: constant}
                data: prose
                stages:
                  - name: parent
                  - name: child
                    from: {stage: parent, keep_step: true}
                    base: {steps: 40}
                """)
        let runs = try sweep.runs().values
        let parent = try #require(runs.first { $0.name.hasPrefix("parent") })
        let child = try #require(runs.first { $0.name.hasPrefix("child") })
        // Real files: a worker refuses a checkpoint it cannot read (docs/cluster.md).
        let parentCheckpoint = sweep.project + "/parent-20.ckpt", childCheckpoint = sweep.project + "/child-30.ckpt"
        for path in [parentCheckpoint, childCheckpoint] {
            #expect(FileManager.default.createFile(atPath: path, contents: Data("step".utf8)))
        }
        let checkpoints = CheckpointStore(connection: sweep.connection)
        try checkpoints.record(runID: parent.id, step: 20, path: parentCheckpoint)
        try checkpoints.record(runID: child.id, step: 30, path: childCheckpoint)
        let launch = try TrainerLaunch(run: child, settings: sweep.settings(), checkpoints: checkpoints)
        let config = try Self.object(try #require(launch.environment["KILN_CONFIG"]))
        #expect(config["resume_from"] as? String == childCheckpoint)
        #expect(config["init_from"] == nil)
        #expect(launch.resumeStep == 30)
    }

    /// A grown run's `init_from` carries `grow`, so a command trainer can honour or refuse it.
    @Test(.freshDatabase) func aGrownRunsInitFromCarriesTheGrowth() throws {
        let yaml = Self.yaml.replacingOccurrences(
            of: "from: {stage: base, keep_step: true}", with: "from: {stage: base, grow: {depth: 3x}}")
        let sweep = try SweepFixture(url: FreshDatabase.url, yaml: yaml)
        WorkerPool(settings: sweep.settings(), count: 1, sweepID: try sweep.sweepID).run()
        let runs = try sweep.runs()
        let branch = try #require(runs.values.first { $0.name.hasPrefix("branch") })
        #expect(branch.status == .succeeded)
        let child = try Self.object(sweep.markers + "/\(branch.name).config.json")
        let initFrom = try #require(child["init_from"] as? [String: Any])
        let grow = try #require(initFrom["grow"] as? [String: Any])
        #expect(grow["operator"] as? String == "stack")
        #expect(grow["source_layers"] as? Int == 1 && grow["layers"] as? Int == 3)
        #expect(child["layers"] as? Int == 3)
        #expect(initFrom["optimizer"] as? Bool == false && initFrom["keep_step"] as? Bool == false)
    }
}
