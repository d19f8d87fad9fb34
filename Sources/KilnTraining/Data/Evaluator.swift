/// Validation loss on fixed, evenly spaced windows of one data set: the same windows at every
/// evaluation, so curves are comparable across steps and runs.
public struct Evaluator {
    /// The set's name, as in `val/<name>/loss`.
    public let name: String
    let bytes: [UInt8]
    let batches: Int

    /// Loads the set: a corpus's validation split or a whole file.
    public init(name: String, source: String, dataDir: String, context: Int, batches: Int) throws {
        self.name = name
        bytes = try ByteCorpus.load(source, split: .val, dataDir: dataDir)
        guard bytes.count > context else {
            throw TrainingError.sourceTooShort(source: source, bytes: bytes.count, needed: context + 1)
        }
        self.batches = max(1, batches)
    }

    /// Mean loss in nats per byte over `batches` micro-batches of the model's shape.
    public func loss(_ model: Transformer) -> Double {
        let (b, t) = (model.batch, model.shape.context)
        let windows = batches * b
        let span = bytes.count - t - 1
        var total = 0.0
        for batch in 0..<batches {
            bytes.withUnsafeBufferPointer { data in
                for row in 0..<b {
                    let window = batch * b + row
                    let start = windows > 1 ? span * window / (windows - 1) : 0
                    for i in 0..<t {
                        model.inputs[row * t + i] = Int32(data[start + i])
                        model.targets[row * t + i] = Int32(data[start + i + 1])
                    }
                }
            }
            total += Double(model.forward())
        }
        return total / Double(batches)
    }
}
