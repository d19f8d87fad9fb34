import KilnProtocol

/// Validation loss on fixed, evenly spaced windows of one data set: the same windows at every
/// evaluation, so curves are comparable across steps and runs.
package struct Evaluator {
    /// The set's name, as in `val/<name>/loss`.
    package let name: String
    let bytes: [UInt8]
    let batches: Int

    /// Loads the set: a corpus's validation split or a whole file.
    package init(name: String, source: String, dataDir: String, context: Int, batches: Int) throws {
        self.name = name
        bytes = try ByteCorpus.load(source, split: .val, dataDir: dataDir)
        guard bytes.count > context else {
            throw TrainingError.sourceTooShort(source: source, bytes: bytes.count, needed: context + 1)
        }
        self.batches = max(1, batches)
    }

    /// Where each of the `batches × batch` windows of `context + 1` bytes starts: evenly spaced.
    func windowStarts(context: Int, batch: Int) -> [Int] {
        let windows = batches * batch
        let span = bytes.count - context - 1
        return (0..<windows).map { windows > 1 ? span * $0 / (windows - 1) : 0 }
    }

    /// Mean loss in nats per byte over `batches` micro-batches of the model's shape.
    package func loss(_ model: Transformer) -> Double {
        let (b, t) = (model.batch, model.shape.context)
        let starts = windowStarts(context: t, batch: b)
        var total = 0.0
        for batch in 0..<batches {
            bytes.withUnsafeBufferPointer { data in
                for row in 0..<b {
                    let start = starts[batch * b + row]
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
