import Foundation
import KilnLearningRate
import KilnProtocol

extension TrainingLoop {
    /// How a run ended without error.
    package enum Outcome: Equatable, Sendable {
        /// Every step ran.
        case finished(step: Int)
        /// `shouldStop` asked to stop; a checkpoint for `step` was written.
        case stopped(step: Int)
    }

    /// Trains from `step` to `config.steps`. Throws `TrainingError.diverged` on a non-finite loss or
    /// gradient (after emitting an error message). `shouldStop` is polled once per step.
    package func run(shouldStop: () -> Bool = { false }) throws -> Outcome {
        let b = config.batch
        let t = config.context
        let accumulation = config.accumulation
        let tokensPerStep = b * t * accumulation
        let flopsPerToken = model.shape.flopsPerToken
        let lossScale = 1 / Float(tokensPerStep)
        emit(.start(totalSteps: config.steps))
        log("kiln-train: \(model.layout.total) parameters, \(tokensPerStep) tokens per step, from step \(step)")
        var trainingSeconds = 0.0
        var tokensSinceLog = 0
        while step < config.steps {
            if shouldStop() {
                try saveCheckpoint()
                return .stopped(step: step)
            }
            let started = ContinuousClock.now
            let lr = config.schedule.learningRate(at: step)
            model.zeroGradients()
            var loss: Double = 0
            for micro in 0..<accumulation {
                sampler.fill(model, step: step, micro: micro)
                loss += Double(model.forward())
                model.backward(lossScale: lossScale)
            }
            loss /= Double(accumulation)
            let norm = globalNorm(model.gradients)
            // before clipping, at the steps that report training metrics (below)
            let logsThisStep = (step + 1) % config.logEvery == 0 || step + 1 == config.steps
            let layerNorms = config.logLayerGradNorms && logsThisStep ? model.layerGradientNorms() : []
            guard loss.isFinite, norm.isFinite else {
                let error = TrainingError.diverged(step: step, loss: loss, gradNorm: norm)
                emit(.error(message: error.description))
                throw error
            }
            if config.gradClip > 0, norm > config.gradClip {
                scale(model.gradients, by: Float(config.gradClip / norm))
            }
            optimizer.step(parameters: model.parameters, gradients: model.gradients, lr: Float(lr))
            step += 1
            tokensSinceLog += tokensPerStep
            trainingSeconds += Self.seconds(since: started)
            var metrics: [String: Double] = [:]
            let last = step == config.steps
            if step % config.logEvery == 0 || last {
                metrics["train/loss"] = loss
                metrics["lr"] = lr
                metrics["tokens"] = Double(step * tokensPerStep)
                metrics["flops"] = Double(step * tokensPerStep) * flopsPerToken
                metrics["grad_norm"] = norm
                for (layer, value) in layerNorms.enumerated() { metrics["grad_norm/layer\(layer)"] = value }
                // training time only: evaluation and checkpoints are not counted
                metrics["tokens_per_s"] = trainingSeconds > 0 ? Double(tokensSinceLog) / trainingSeconds : 0
                trainingSeconds = 0
                tokensSinceLog = 0
            }
            if !evaluators.isEmpty, (config.evalEvery > 0 && step % config.evalEvery == 0) || last {
                for evaluator in evaluators {
                    let value = evaluator.loss(model)
                    metrics["val/\(evaluator.name)/loss"] = value
                    metrics["val/\(evaluator.name)/bpb"] = value / M_LN2
                }
            }
            if !metrics.isEmpty { emit(.metrics(step: step, values: metrics)) }
            if (config.checkpointEvery > 0 && step % config.checkpointEvery == 0) || last {
                try saveCheckpoint()
            }
        }
        return .finished(step: step)
    }

    /// Writes `output_dir/step-NNNNNN.ckpt` for the current step and emits its event.
    @discardableResult
    package func saveCheckpoint() throws -> String {
        let folder = URL(fileURLWithPath: config.outputDir).standardizedFileURL
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw TrainingError.unreadable(path: folder.path, reason: "cannot create the output folder")
        }
        let path = folder.appendingPathComponent(String(format: "step-%06d.ckpt", step)).path
        try Checkpoint.write(to: path, model: model, optimizer: optimizer, step: step, seed: config.seed)
        emit(.checkpoint(step: step, path: path))
        return path
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
