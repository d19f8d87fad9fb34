import KilnLearningRate

/// The resolved configuration of one run of the built-in trainer: the JSON file whose path
/// `kiln-train` takes as its argument. Keys are snake_case; see `docs/trainer-protocol.md`.
public struct TrainingConfig: Codable, Sendable, Hashable {
    // Model shape.
    public var layers: Int
    public var width: Int
    public var heads: Int
    /// Sequence length in bytes.
    public var context: Int

    // Optimisation.
    /// Sequences per micro-batch.
    public var batch: Int
    /// Micro-batches per optimizer step.
    public var accumulation: Int = 1
    /// Optimizer steps in the whole run (the schedule's `total`).
    public var steps: Int
    public var schedule: ScheduleSpec
    public var weightDecay: Double = 0.1
    public var beta1: Double = 0.9
    public var beta2: Double = 0.95
    public var epsilon: Double = 1e-8
    /// Clip the global gradient norm to this value; 0 disables clipping.
    public var gradClip: Double = 1.0
    public var seed: Int = 0

    // Data.
    public var data: DataMixture
    /// Validation sets by name: each a corpus name or a file path.
    public var eval: [EvalSet] = []
    /// Folder of prepared corpora (`kiln data prepare`).
    public var dataDir: String = Self.defaultDataDirectory
    /// Where prepared corpora live unless a configuration says otherwise, relative to the project folder.
    public static let defaultDataDirectory = ".kiln/data"

    // Cadence.
    public var evalEvery: Int = 100
    /// Batches averaged per validation measurement.
    public var evalBatches: Int = 8
    public var logEvery: Int = 10
    /// Write a checkpoint every this many steps (0: only at the end).
    public var checkpointEvery: Int = 0

    // Resources and files.
    /// BLAS threads for this run.
    public var threads: Int = 1
    /// Folder for checkpoints.
    public var outputDir: String
    /// Start from another run's checkpoint (continual pretraining, WSD cooldown branches).
    public var initFrom: InitFrom?
    /// Resume this run exactly from its own checkpoint.
    public var resumeFrom: String?

    public init(
        layers: Int, width: Int, heads: Int, context: Int, batch: Int, steps: Int,
        schedule: ScheduleSpec, data: DataMixture, outputDir: String
    ) {
        self.layers = layers
        self.width = width
        self.heads = heads
        self.context = context
        self.batch = batch
        self.steps = steps
        self.schedule = schedule
        self.data = data
        self.outputDir = outputDir
    }

    enum CodingKeys: String, CodingKey {
        case layers, width, heads, context, batch, accumulation, steps, schedule
        case weightDecay = "weight_decay", beta1, beta2, epsilon, gradClip = "grad_clip", seed
        case data, eval, dataDir = "data_dir"
        case evalEvery = "eval_every", evalBatches = "eval_batches", logEvery = "log_every"
        case checkpointEvery = "checkpoint_every"
        case threads, outputDir = "output_dir", initFrom = "init_from", resumeFrom = "resume_from"
    }

    /// Every key a configuration may hold, for spec validation.
    public static let keys: [String] = [
        "layers", "width", "heads", "context", "batch", "accumulation", "steps", "schedule",
        "weight_decay", "beta1", "beta2", "epsilon", "grad_clip", "seed", "data", "eval", "data_dir",
        "eval_every", "eval_batches", "log_every", "checkpoint_every", "threads", "output_dir",
        "init_from", "resume_from",
    ]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        layers = try c.decode(Int.self, forKey: .layers)
        width = try c.decode(Int.self, forKey: .width)
        heads = try c.decode(Int.self, forKey: .heads)
        context = try c.decode(Int.self, forKey: .context)
        batch = try c.decode(Int.self, forKey: .batch)
        accumulation = try c.decodeIfPresent(Int.self, forKey: .accumulation) ?? 1
        steps = try c.decode(Int.self, forKey: .steps)
        schedule = try c.decode(ScheduleSpec.self, forKey: .schedule)
        weightDecay = try c.decodeIfPresent(Double.self, forKey: .weightDecay) ?? 0.1
        beta1 = try c.decodeIfPresent(Double.self, forKey: .beta1) ?? 0.9
        beta2 = try c.decodeIfPresent(Double.self, forKey: .beta2) ?? 0.95
        epsilon = try c.decodeIfPresent(Double.self, forKey: .epsilon) ?? 1e-8
        gradClip = try c.decodeIfPresent(Double.self, forKey: .gradClip) ?? 1.0
        seed = try c.decodeIfPresent(Int.self, forKey: .seed) ?? 0
        data = try c.decode(DataMixture.self, forKey: .data)
        eval = try c.decodeIfPresent([EvalSet].self, forKey: .eval) ?? []
        dataDir = try c.decodeIfPresent(String.self, forKey: .dataDir) ?? Self.defaultDataDirectory
        evalEvery = try c.decodeIfPresent(Int.self, forKey: .evalEvery) ?? 100
        evalBatches = try c.decodeIfPresent(Int.self, forKey: .evalBatches) ?? 8
        logEvery = try c.decodeIfPresent(Int.self, forKey: .logEvery) ?? 10
        checkpointEvery = try c.decodeIfPresent(Int.self, forKey: .checkpointEvery) ?? 0
        threads = try c.decodeIfPresent(Int.self, forKey: .threads) ?? 1
        outputDir = try c.decode(String.self, forKey: .outputDir)
        initFrom = try c.decodeIfPresent(InitFrom.self, forKey: .initFrom)
        resumeFrom = try c.decodeIfPresent(String.self, forKey: .resumeFrom)
    }
}

/// A weighted mixture of data sources, optionally changing by phase of training.
public struct DataMixture: Codable, Sendable, Hashable {
    /// The mixture from step 0.
    public var mixture: [DataComponent]
    /// Later mixtures, each starting at a fraction of training (ascending).
    public var phases: [DataPhase] = []

    public init(mixture: [DataComponent], phases: [DataPhase] = []) {
        self.mixture = mixture
        self.phases = phases
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mixture = try c.decode([DataComponent].self, forKey: .mixture)
        phases = try c.decodeIfPresent([DataPhase].self, forKey: .phases) ?? []
    }

    /// The mixture in force at `step` of a run of `steps` steps.
    public func mixture(at step: Int, of steps: Int) -> [DataComponent] {
        let fraction = Double(step) / Double(max(steps, 1))
        return phases.last { fraction >= $0.from }?.mixture ?? mixture
    }
}

/// One source of a mixture and its sampling weight (weights need not sum to 1).
public struct DataComponent: Codable, Sendable, Hashable {
    /// A prepared corpus name (`prose`, `code`, `synthetic`) or a file path (contains `/`):
    /// `.bin` files are nanoGPT-style uint16 tokens, anything else raw bytes.
    public var source: String
    public var weight: Double

    public init(source: String, weight: Double) {
        self.source = source
        self.weight = weight
    }
}

/// A mixture that takes over from fraction `from` (0–1) of training.
public struct DataPhase: Codable, Sendable, Hashable {
    public var from: Double
    public var mixture: [DataComponent]

    public init(from: Double, mixture: [DataComponent]) {
        self.from = from
        self.mixture = mixture
    }
}

/// A named validation set: a corpus's validation split, or a whole file.
public struct EvalSet: Codable, Sendable, Hashable {
    public var name: String
    public var source: String

    public init(name: String, source: String) {
        self.name = name
        self.source = source
    }
}

/// Where a run starts from when it branches off another run's checkpoint.
public struct InitFrom: Codable, Sendable, Hashable {
    /// The checkpoint file.
    public var path: String
    /// Also load the optimizer state (Adam moments).
    public var optimizer: Bool = false
    /// Continue the step counter of the checkpoint (a WSD cooldown branch) instead of starting at 0 (CPT).
    public var keepStep: Bool = false

    public init(path: String, optimizer: Bool = false, keepStep: Bool = false) {
        self.path = path
        self.optimizer = optimizer
        self.keepStep = keepStep
    }

    enum CodingKeys: String, CodingKey { case path, optimizer, keepStep = "keep_step" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        path = try c.decode(String.self, forKey: .path)
        optimizer = try c.decodeIfPresent(Bool.self, forKey: .optimizer) ?? false
        keepStep = try c.decodeIfPresent(Bool.self, forKey: .keepStep) ?? false
    }
}
