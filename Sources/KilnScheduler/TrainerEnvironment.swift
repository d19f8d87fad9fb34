import Foundation
import KilnLearningRate
import KilnProtocol

/// The two files every trainer finds through its environment, built-in or `command:`:
/// `KILN_CONFIG`, the run's resolved configuration as JSON (the file `kiln-train` takes as its
/// argument), and `KILN_LR_FILE`, the learning rate of every step, one per line, so that a trainer
/// in any language needs no schedule maths.
enum TrainerEnvironment {
    /// What the scheduler decides at run time, added to every configuration.
    struct Runtime {
        /// The run's checkpoint folder (`output_dir`).
        var outputDir: String
        /// The prepared corpora, an absolute path (`data_dir`).
        var dataDir: String
        var threads: Int
        /// This run's own checkpoint to resume from.
        var resumeFrom: String?
        /// The parent's checkpoint a branched run starts from.
        var initFrom: InitFrom?
    }

    /// The configuration of a `command:` run: its parameters (`params`, a JSON object, schedule and data
    /// resolved), the built-in trainer's defaults for every key it leaves out when the parameters make
    /// a complete built-in configuration, and the runtime keys; written to `path`. Returns the
    /// schedule and step count, when the run has them, for `KILN_LR_FILE`.
    static func writeCommandConfiguration(
        run: String, params: String, runtime: Runtime, to path: String
    ) throws(SchedulerError) -> (schedule: ScheduleSpec, steps: Int)? {
        guard let parsed = try? JSONValue(parsing: params), var members = parsed.members else {
            throw .invalidTrainer(run: run, reason: "its registered parameters are not a JSON object")
        }
        func set(_ key: String, _ value: JSONValue?) {
            members.removeAll { $0.0 == key }
            if let value { members.append((key, value)) }
        }
        set("output_dir", .string(runtime.outputDir))
        set("data_dir", .string(runtime.dataDir))
        set("threads", .integer(runtime.threads))
        set("resume_from", runtime.resumeFrom.map(JSONValue.string))
        set(
            "init_from",
            runtime.initFrom.map {
                .object(
                    [("path", .string($0.path)), ("optimizer", .bool($0.optimizer)), ("keep_step", .bool($0.keepStep))]
                        + ($0.grow.map { growth in
                            [
                                (
                                    "grow",
                                    .object([
                                        ("operator", .string(growth.operator.rawValue)),
                                        ("source_layers", .integer(growth.sourceLayers)),
                                        ("layers", .integer(growth.layers)),
                                    ])
                                )
                            ]
                        } ?? []))
            })
        // Not every command run is a complete built-in configuration (a trainer may take only `lr`):
        // a configuration that does not decode simply gets no defaults.
        if let config = try? JSONDecoder().decode(
            TrainingConfig.self, from: Data(JSONValue.object(members).serialized().utf8)),
            let encoded = try? JSONEncoder().encode(config),
            let defaults = (try? JSONValue(parsing: String(decoding: encoded, as: UTF8.self)))?.members
        {
            for (key, value) in defaults where !members.contains(where: { $0.0 == key }) {
                members.append((key, value))
            }
        }
        members.sort { $0.0 < $1.0 }
        let configuration = JSONValue.object(members)
        do {
            try Data((configuration.serialized() + "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .io(path: path, reason: "cannot write: \(PrivateFolder.reason(error))")
        }
        return plannedSchedule(in: configuration)
    }

    /// Runs longer than this get no `KILN_LR_FILE` (it would take over 200 MB).
    static let maximumRateSteps = 10_000_000

    /// Writes the learning rate of steps `0..<steps` to `path`, one per line (the shortest decimal that
    /// reads back as the same Double), computed by `KilnLearningRate`. Returns false, writing nothing,
    /// for a run of more than `maximumRateSteps` steps.
    static func writeLearningRates(
        _ schedule: ScheduleSpec, steps: Int, to path: String
    ) throws(SchedulerError) -> Bool {
        guard steps <= maximumRateSteps else { return false }
        var text = ""
        text.reserveCapacity(steps * 22)
        for step in 0..<steps {
            text += "\(schedule.learningRate(at: step))\n"
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .io(path: path, reason: "cannot write: \(PrivateFolder.reason(error))")
        }
        return true
    }
}
