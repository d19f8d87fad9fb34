import KilnProtocol
import Foundation

/// One batch's loss and gradients for a checkpoint's weights: what `scripts/torch_compare.py` checks
/// against PyTorch (`kiln-train --gradients CHECKPOINT BATCH OUTPUT`).
package enum GradientDump {
    /// Loads `checkpoint`, reads `batch` (B windows of T + 1 raw bytes each), runs forward and
    /// backward for the mean loss, writes the gradients to `output` in the checkpoint format (the
    /// parameter block holds the gradients; no optimizer state), and returns the loss in nats per byte.
    /// `norm` and `mixFraction` place the LayerNorms as a run's `norm` and `norm_mix_fraction` do.
    package static func run(
        checkpoint path: String, batch batchPath: String, output: String, norm: NormPlacement = .pre,
        mixFraction: Double = 0.25
    ) throws -> Float {
        let checkpoint = try Checkpoint.read(from: path)
        let t = checkpoint.shape.context
        let bytes = try ByteCorpus.loadFile(batchPath)
        guard !bytes.isEmpty, bytes.count % (t + 1) == 0 else {
            throw TrainingError.unreadable(
                path: batchPath,
                reason: "expected whole windows of \(t + 1) bytes "
                    + "(context + 1), found \(bytes.count) bytes")
        }
        let b = bytes.count / (t + 1)
        let model = Transformer(shape: checkpoint.shape, batch: b, seed: 0, norm: norm, mixFraction: mixFraction)
        _ = model.parameters.update(fromContentsOf: checkpoint.parameters)
        for row in 0..<b {
            for i in 0..<t {
                model.inputs[row * t + i] = Int32(bytes[row * (t + 1) + i])
                model.targets[row * t + i] = Int32(bytes[row * (t + 1) + i + 1])
            }
        }
        model.zeroGradients()
        let loss = model.forward()
        model.backward(lossScale: 1 / Float(b * t))
        _ = model.parameters.update(fromContentsOf: model.gradients)
        try Checkpoint.write(to: output, model: model, optimizer: nil, step: checkpoint.step, seed: checkpoint.seed)
        return loss
    }
}
