import KilnLearningRate
import KilnProtocol

extension TrainingConfig {
    /// Parameters Kiln itself reads or sets that are not configuration keys: the peak LR default,
    /// an isoflop budget, the branch point of a stage with `from:`, and the vocabulary of the FLOPs count.
    static let kilnParameters = ["lr", "budget", "branch_step", "parent_steps", "vocab"]

    /// Configuration keys the scheduler fills in at run time; a spec may not set them.
    static let runtimeKeys = TrainingSetting.all.filter { $0.origin == .scheduler }.map(\.key)

    /// Keys holding integers (derived values for them are rounded to the nearest integer).
    static let integerKeys = Set(TrainingSetting.all.filter { $0.kind == .integer }.map(\.key))

    /// The integer and number settings a spec gives, in declaration order.
    private static let scalarSettings = TrainingSetting.all.filter {
        $0.origin == .spec && ($0.kind == .integer || $0.kind == .number)
    }

    /// The settings a spec gives as one of a few words (`norm: peri`) or a boolean.
    private static let textSettings = TrainingSetting.all.filter { $0.origin == .spec && $0.choices != nil }

    /// The configuration of the built-in trainer for one run's resolved parameters; `output_dir` is empty.
    /// Every integer and number setting is read, type-checked and range-checked as `TrainingSetting` declares it.
    init(
        params: [String: ParamValue], steps: Int, schedule: ScheduleSpec, data: DataMixture, eval: [EvalSet],
        location: (String) -> SourceLocation
    ) throws(SpecError) {
        self.init(
            layers: 0, width: 0, heads: 0, context: 0, batch: 0, steps: steps, schedule: schedule, data: data,
            outputDir: "")
        self.eval = eval
        for setting in Self.scalarSettings {
            guard let value = params[setting.key] else {
                if setting.isRequired { throw SpecError(.missingKey(setting.key), at: location("")) }
                continue
            }
            if setting.kind == .number {
                guard let number = value.number else {
                    throw SpecError(
                        .wrongType(key: setting.key, expected: "a number", found: value.typeName),
                        at: location(setting.key))
                }
                setting.set(number: number, in: &self)
                continue
            }
            guard let integer = value.integer else {
                throw SpecError(
                    .wrongType(key: setting.key, expected: "an integer", found: value.typeName),
                    at: location(setting.key))
            }
            if let problem = setting.rangeProblem(integer) {
                throw SpecError(.invalidValue(key: setting.key, reason: problem), at: location(setting.key))
            }
            setting.set(integer: integer, in: &self)
        }
        for setting in Self.textSettings {
            guard let value = params[setting.key] else { continue }
            let text: String? =
                switch value {
                case .string(let text): text
                case .bool(let flag): "\(flag)"
                default: nil
                }
            guard let text, setting.set(text: text, in: &self) else {
                let words = setting.choices!.map { "'\($0)'" }.joined(separator: ", ")
                throw SpecError(
                    .invalidValue(key: setting.key, reason: "must be one of \(words), found \(value)"),
                    at: location(setting.key))
            }
        }
        guard (0...1).contains(normMixFraction) else {
            throw SpecError(
                .invalidValue(key: "norm_mix_fraction", reason: "must be between 0 and 1, found \(normMixFraction)"),
                at: location("norm_mix_fraction"))
        }
        guard width % heads == 0 else {
            throw SpecError(
                .invalidValue(key: "heads", reason: "width \(width) is not divisible by \(heads) heads"),
                at: location("heads"))
        }
        if let vocab = params["vocab"], vocab.integer != ModelShape.byteVocabulary {
            throw SpecError(
                .invalidValue(
                    key: "vocab",
                    reason: "the built-in trainer is a byte model (vocab \(ModelShape.byteVocabulary)), "
                        + "found \(vocab); a command: trainer may set another vocab"), at: location("vocab"))
        }
    }
}
