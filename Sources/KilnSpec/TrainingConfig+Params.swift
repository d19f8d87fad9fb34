import KilnLearningRate
import KilnProtocol

extension TrainingConfig {
    /// Parameters Kiln itself reads or sets that are not configuration keys: the peak LR default,
    /// an isoflop budget, and the branch point of a stage with `from:`.
    static let kilnParameters = ["lr", "budget", "branch_step", "parent_steps", "vocab"]

    /// Configuration keys the scheduler fills in at run time; a spec may not set them.
    static let runtimeKeys = ["output_dir", "init_from", "resume_from", "data_dir"]

    /// Keys holding integers (derived values for them are rounded to the nearest integer).
    static let integerKeys: Set<String> = [
        "layers", "width", "heads", "context", "batch", "accumulation", "steps", "seed",
        "eval_every", "eval_batches", "log_every", "checkpoint_every", "threads",
    ]

    /// The configuration of the built-in trainer for one run's resolved parameters; `output_dir` is empty.
    init(params: [String: ParamValue], steps: Int, schedule: ScheduleSpec, data: DataMixture, eval: [EvalSet],
         location: (String) -> SourceLocation) throws(SpecError) {
        func int(_ key: String) throws(SpecError) -> Int? {
            guard let value = params[key] else { return nil }
            guard let number = value.integer else {
                throw SpecError(.wrongType(key: key, expected: "an integer", found: value.typeName), at: location(key))
            }
            return number
        }
        func required(_ key: String) throws(SpecError) -> Int {
            guard let value = try int(key) else { throw SpecError(.missingKey(key), at: location("")) }
            guard value > 0 else { throw SpecError(.invalidValue(key: key, reason: "must be positive, found \(value)"), at: location(key)) }
            return value
        }
        func double(_ key: String) throws(SpecError) -> Double? {
            guard let value = params[key] else { return nil }
            guard let number = value.number else {
                throw SpecError(.wrongType(key: key, expected: "a number", found: value.typeName), at: location(key))
            }
            return number
        }
        self.init(layers: try required("layers"), width: try required("width"), heads: try required("heads"),
                  context: try required("context"), batch: try required("batch"), steps: steps,
                  schedule: schedule, data: data, outputDir: "")
        guard width % heads == 0 else {
            throw SpecError(.invalidValue(key: "heads", reason: "width \(width) is not divisible by \(heads) heads"), at: location("heads"))
        }
        self.eval = eval
        accumulation = try int("accumulation") ?? accumulation
        weightDecay = try double("weight_decay") ?? weightDecay
        beta1 = try double("beta1") ?? beta1
        beta2 = try double("beta2") ?? beta2
        epsilon = try double("epsilon") ?? epsilon
        gradClip = try double("grad_clip") ?? gradClip
        seed = try int("seed") ?? seed
        evalEvery = try int("eval_every") ?? evalEvery
        evalBatches = try int("eval_batches") ?? evalBatches
        logEvery = try int("log_every") ?? logEvery
        checkpointEvery = try int("checkpoint_every") ?? checkpointEvery
        threads = try int("threads") ?? threads
        for key in ["accumulation", "eval_every", "eval_batches", "log_every", "threads"] where try int(key).map({ $0 < 1 }) ?? false {
            throw SpecError(.invalidValue(key: key, reason: "must be at least 1"), at: location(key))
        }
    }
}
