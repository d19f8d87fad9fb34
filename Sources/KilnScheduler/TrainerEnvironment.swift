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
        guard var object = (try? JSONSerialization.jsonObject(with: Data(params.utf8))) as? [String: Any] else {
            throw .invalidTrainer(run: run, reason: "its registered parameters are not a JSON object")
        }
        object["output_dir"] = runtime.outputDir
        object["data_dir"] = runtime.dataDir
        object["threads"] = runtime.threads
        object["resume_from"] = runtime.resumeFrom
        object["init_from"] = runtime.initFrom.map {
            ["path": $0.path, "optimizer": $0.optimizer, "keep_step": $0.keepStep]
        }
        do {
            // Not every command run is a complete built-in configuration (a trainer may take only `lr`):
            // a configuration that does not decode simply gets no defaults.
            let given = try JSONSerialization.data(withJSONObject: object)
            if let config = try? JSONDecoder().decode(TrainingConfig.self, from: given),
               let full = try JSONSerialization.jsonObject(with: JSONEncoder().encode(config)) as? [String: Any]
            {
                object.merge(full) { own, _ in own }
            }
            let options: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try JSONSerialization.data(withJSONObject: object, options: options)
                .write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .io(path: path, reason: "cannot write: \(PrivateFolder.reason(error))")
        }
        guard let scheduleObject = object["schedule"], let steps = object["steps"] as? Int, steps > 0,
              let scheduleData = try? JSONSerialization.data(withJSONObject: scheduleObject),
              let schedule = try? JSONDecoder().decode(ScheduleSpec.self, from: scheduleData)
        else { return nil }
        return (schedule, steps)
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
