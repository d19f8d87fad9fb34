import Foundation
import KilnLearningRate
import KilnProtocol

/// The training loop of one run: samples the mixture, steps AdamW at the schedule's learning rate,
/// evaluates, logs and checkpoints, speaking the trainer protocol through `emit`.
package final class TrainingLoop {
    /// The run's configuration.
    package let config: TrainingConfig
    /// The model being trained.
    package let model: Transformer
    /// Its optimizer.
    package let optimizer: AdamW
    /// The step training continues from (0, or a checkpoint's step).
    package internal(set) var step: Int
    let sampler: BatchSampler
    let evaluators: [Evaluator]
    let emit: (TrainerMessage) -> Void
    let log: (String) -> Void

    /// Validates `config`, loads the data and any starting checkpoint.
    package init(
        config: TrainingConfig, emit: @escaping (TrainerMessage) -> Void, log: @escaping (String) -> Void = { _ in }
    ) throws {
        try Self.validate(config)
        self.config = config
        self.emit = emit
        self.log = log
        let shape = ModelShape(layers: config.layers, width: config.width, heads: config.heads, context: config.context)
        let seed = UInt64(bitPattern: Int64(config.seed))
        model = Transformer(
            shape: shape, batch: config.batch, seed: seed, threads: config.threads, norm: config.norm,
            mixFraction: config.normMixFraction)
        optimizer = AdamW(
            layout: model.layout, beta1: Float(config.beta1), beta2: Float(config.beta2),
            epsilon: Float(config.epsilon), weightDecay: Float(config.weightDecay))
        sampler = try BatchSampler(
            mixture: config.data, totalSteps: config.steps, context: shape.context,
            dataDir: config.dataDir, seed: seed)
        evaluators = try config.eval.map {
            try Evaluator(
                name: $0.name, source: $0.source, dataDir: config.dataDir, context: shape.context,
                batches: config.evalBatches)
        }
        step = 0
        if let resume = config.resumeFrom {
            step = try load(resume, optimizerState: true, required: true)
        } else if let initFrom = config.initFrom, let growth = initFrom.grow {
            try grow(initFrom.path, growth)
        } else if let initFrom = config.initFrom {
            let saved = try load(initFrom.path, optimizerState: initFrom.optimizer, required: initFrom.optimizer)
            step = initFrom.keepStep ? saved : 0
        }
    }

    /// Loads weights (and optimizer state) from a checkpoint of the same shape; returns its step.
    private func load(_ path: String, optimizerState: Bool, required: Bool) throws -> Int {
        let checkpoint = try Checkpoint.read(from: path)
        guard checkpoint.shape == model.shape else {
            throw TrainingError.badCheckpoint(
                path: path,
                reason: "its shape \(Self.describe(checkpoint.shape)) "
                    + "differs from the configuration's \(Self.describe(model.shape))")
        }
        _ = model.parameters.update(fromContentsOf: checkpoint.parameters)
        if optimizerState {
            guard let moments = checkpoint.moments else {
                throw TrainingError.badCheckpoint(path: path, reason: "it holds no optimizer state")
            }
            _ = optimizer.m.update(fromContentsOf: moments.m)
            _ = optimizer.v.update(fromContentsOf: moments.v)
            optimizer.updates = checkpoint.adamUpdates
        }
        return checkpoint.step
    }

    /// Initialises the model by growing a smaller checkpoint (`init_from.grow`); the run starts at step 0
    /// with a fresh optimizer.
    private func grow(_ path: String, _ growth: Growth) throws {
        let checkpoint = try Checkpoint.read(from: path)
        var expected = model.shape
        expected.layers = growth.sourceLayers
        guard checkpoint.shape == expected else {
            throw TrainingError.badCheckpoint(
                path: path,
                reason: "growing needs a checkpoint of shape \(Self.describe(expected)); it holds "
                    + Self.describe(checkpoint.shape))
        }
        model.stack(checkpoint.parameters, shape: checkpoint.shape, growth: growth)
    }

    private static func describe(_ s: ModelShape) -> String {
        "(layers \(s.layers), width \(s.width), heads \(s.heads), context \(s.context))"
    }

    /// Why `config` cannot run, as a thrown `badConfiguration`.
    static func validate(_ config: TrainingConfig) throws {
        let shape = ModelShape(layers: config.layers, width: config.width, heads: config.heads, context: config.context)
        if let problem = shape.problem { throw TrainingError.badConfiguration(problem) }
        if let problem = config.outOfRange { throw TrainingError.badConfiguration(problem) }
        if config.resumeFrom != nil && config.initFrom != nil {
            throw TrainingError.badConfiguration("give resume_from or init_from, not both")
        }
        if !(0...1).contains(config.normMixFraction) {
            throw TrainingError.badConfiguration(
                "norm_mix_fraction must be between 0 and 1 (got \(config.normMixFraction))")
        }
        if let initFrom = config.initFrom, let growth = initFrom.grow {
            if initFrom.optimizer || initFrom.keepStep {
                throw TrainingError.badConfiguration(
                    "init_from.grow starts a new model: it cannot load the optimizer state or keep the step")
            }
            if growth.layers != config.layers || growth.sourceLayers < 1 || growth.sourceLayers > config.layers {
                throw TrainingError.badConfiguration(
                    "init_from.grow stacks \(growth.sourceLayers) layers to \(growth.layers); "
                        + "it must grow to the run's layers (\(config.layers)) from between 1 and that many")
            }
        }
    }
}
