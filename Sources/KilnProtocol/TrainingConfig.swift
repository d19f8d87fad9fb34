import KilnLearningRate

/// The resolved configuration of one run of the built-in trainer: the JSON file whose path
/// `kiln-train` takes as its argument. Every setting's key, default, range and meaning is declared
/// once, in `TrainingSetting.all`; coding follows from there. See `docs/trainer-protocol.md`.
package struct TrainingConfig: Codable, Sendable, Hashable {
    // Model shape.
    package var layers: Int
    package var width: Int
    package var heads: Int
    /// Sequence length in bytes.
    package var context: Int
    /// Where each block normalises.
    package var norm: NormPlacement
    /// With `norm` = `mix`: the fraction of blocks, from the first, that are post-LN.
    package var normMixFraction: Double

    // Optimisation.
    /// Sequences per micro-batch.
    package var batch: Int
    /// Micro-batches per optimizer step.
    package var accumulation: Int
    /// Optimizer steps in the whole run (the schedule's `total`).
    package var steps: Int
    package var schedule: ScheduleSpec
    package var weightDecay: Double
    package var beta1: Double
    package var beta2: Double
    package var epsilon: Double
    /// Clip the global gradient norm to this value; 0 disables clipping.
    package var gradClip: Double
    package var seed: Int

    // Data.
    package var data: DataMixture
    /// Validation sets by name: each a corpus name or a file path.
    package var eval: [EvalSet]
    /// Folder of prepared corpora (`kiln data prepare`).
    package var dataDir: String
    /// Where prepared corpora live unless a configuration says otherwise, relative to the project folder.
    package static let defaultDataDirectory = ".kiln/data"

    // Cadence.
    package var evalEvery: Int
    /// Batches averaged per validation measurement.
    package var evalBatches: Int
    package var logEvery: Int
    /// Write a checkpoint every this many steps (0: only at the end).
    package var checkpointEvery: Int
    /// Report each block's gradient norm (`grad_norm/layerN`) with the training metrics.
    package var logLayerGradNorms: Bool

    // Resources and files.
    /// BLAS threads for this run.
    package var threads: Int
    /// Folder for checkpoints.
    package var outputDir: String
    /// Start from another run's checkpoint (continual pretraining, WSD cooldown branches).
    package var initFrom: InitFrom?
    /// Resume this run exactly from its own checkpoint.
    package var resumeFrom: String?

    /// A configuration with the required settings given and every other at its declared default.
    package init(
        layers: Int, width: Int, heads: Int, context: Int, batch: Int, steps: Int,
        schedule: ScheduleSpec, data: DataMixture, outputDir: String
    ) {
        self.init(placeholdersWith: schedule, data: data)
        for setting in TrainingSetting.all { setting.applyDefault(&self) }
        self.layers = layers
        self.width = width
        self.heads = heads
        self.context = context
        self.batch = batch
        self.steps = steps
        self.outputDir = outputDir
    }

    /// Every stored property set to a placeholder, each overwritten by a declared setting's default or value.
    private init(placeholdersWith schedule: ScheduleSpec, data: DataMixture) {
        (layers, width, heads, context, batch, accumulation, steps) = (0, 0, 0, 0, 0, 0, 0)
        (norm, normMixFraction, logLayerGradNorms) = (.pre, 0, false)
        self.schedule = schedule
        (weightDecay, beta1, beta2, epsilon, gradClip, seed) = (0, 0, 0, 0, 0, 0)
        self.data = data
        (eval, dataDir) = ([], "")
        (evalEvery, evalBatches, logEvery, checkpointEvery, threads) = (0, 0, 0, 0, 0)
        (outputDir, initFrom, resumeFrom) = ("", nil, nil)
    }

    /// Every key a configuration may hold.
    package static var keys: [String] { TrainingSetting.all.map(\.key) }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TrainingSetting.Key.self)
        self.init(placeholdersWith: .constant(ConstantSchedule(peak: 0)), data: DataMixture(mixture: []))
        for setting in TrainingSetting.all {
            setting.applyDefault(&self)
            try setting.decode(container, &self)
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TrainingSetting.Key.self)
        for setting in TrainingSetting.all { try setting.encode(self, &container) }
    }

    /// The first integer setting outside its declared range, as `kiln-train` reports it
    /// ("batch must be at least 1 (got 0)"), or nil.
    package var outOfRange: String? {
        for setting in TrainingSetting.all {
            if let value = setting.integerValue?(self), let minimum = setting.minimum, value < minimum {
                return "\(setting.key) must be at least \(minimum) (got \(value))"
            }
        }
        return nil
    }
}

/// A weighted mixture of data sources, optionally changing by phase of training.
package struct DataMixture: Codable, Sendable, Hashable {
    /// The mixture from step 0.
    package var mixture: [DataComponent]
    /// Later mixtures, each starting at a fraction of training (ascending).
    package var phases: [DataPhase] = []

    package init(mixture: [DataComponent], phases: [DataPhase] = []) {
        self.mixture = mixture
        self.phases = phases
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mixture = try c.decode([DataComponent].self, forKey: .mixture)
        phases = try c.decodeIfPresent([DataPhase].self, forKey: .phases) ?? []
    }

    /// The mixture in force at `step` of a run of `steps` steps.
    package func mixture(at step: Int, of steps: Int) -> [DataComponent] {
        let fraction = Double(step) / Double(max(steps, 1))
        return phases.last { fraction >= $0.from }?.mixture ?? mixture
    }
}

/// One source of a mixture and its sampling weight (weights need not sum to 1).
package struct DataComponent: Codable, Sendable, Hashable {
    /// A prepared corpus name (`prose`, `code`, `synthetic`) or a file path (contains `/`):
    /// `.bin` files are nanoGPT-style uint16 tokens, anything else raw bytes.
    package var source: String
    package var weight: Double

    package init(source: String, weight: Double) {
        self.source = source
        self.weight = weight
    }
}

/// A mixture that takes over from fraction `from` (0–1) of training.
package struct DataPhase: Codable, Sendable, Hashable {
    package var from: Double
    package var mixture: [DataComponent]

    package init(from: Double, mixture: [DataComponent]) {
        self.from = from
        self.mixture = mixture
    }
}

/// A named validation set: a corpus's validation split, or a whole file.
package struct EvalSet: Codable, Sendable, Hashable {
    package var name: String
    package var source: String

    package init(name: String, source: String) {
        self.name = name
        self.source = source
    }
}

/// Where a run starts from when it branches off another run's checkpoint.
package struct InitFrom: Codable, Sendable, Hashable {
    /// The checkpoint file.
    package var path: String
    /// Also load the optimizer state (Adam moments).
    package var optimizer: Bool = false
    /// Continue the step counter of the checkpoint (a WSD cooldown branch) instead of starting at 0 (CPT).
    package var keepStep: Bool = false
    /// Grow the checkpoint's smaller model into this run's deeper one instead of loading it as is.
    package var grow: Growth?

    package init(path: String, optimizer: Bool = false, keepStep: Bool = false, grow: Growth? = nil) {
        self.path = path
        self.optimizer = optimizer
        self.keepStep = keepStep
        self.grow = grow
    }

    enum CodingKeys: String, CodingKey { case path, optimizer, keepStep = "keep_step", grow }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        path = try c.decode(String.self, forKey: .path)
        optimizer = try c.decodeIfPresent(Bool.self, forKey: .optimizer) ?? false
        keepStep = try c.decodeIfPresent(Bool.self, forKey: .keepStep) ?? false
        grow = try c.decodeIfPresent(Growth.self, forKey: .grow)
    }
}
