import KilnProtocol
import Foundation

/// A checkpoint file (`docs/training-core.md`): the magic `KILNCKPT`, a header of little-endian
/// Int64s (version, vocab, context, layers, heads, width, step, Adam updates, has-optimizer,
/// parameter count, seed, then the 16 tensor sizes), the parameters as float32 in `ParameterLayout`
/// order, then, when present, Adam's first and second moments in the same order.
package struct Checkpoint {
    /// Bytes before the parameters.
    package static let headerBytes = 8 + 8 * (11 + ParameterLayout.names.count)
    static let magic = Array("KILNCKPT".utf8)

    /// The model shape the checkpoint holds.
    package var shape: ModelShape
    /// Optimizer steps taken when it was written.
    package var step: Int
    /// Adam's update count.
    package var adamUpdates: Int
    /// The run's seed.
    package var seed: Int
    /// The parameters.
    package var parameters: [Float]
    /// Adam's first and second moments, when saved.
    package var moments: (m: [Float], v: [Float])?

    /// Writes `model`'s parameters and, when given, `optimizer`'s state to `path` (atomically).
    package static func write(
        to path: String, model: Transformer, optimizer: AdamW?, step: Int, seed: Int
    ) throws {
        let shape = model.shape
        let layout = model.layout
        var header: [Int64] = [
            1, shape.vocab, shape.context, shape.layers, shape.heads, shape.width, step,
            optimizer?.updates ?? 0, optimizer == nil ? 0 : 1, layout.total, seed,
        ]
        .map { Int64($0) }
        header += layout.sizes.map { Int64($0) }
        var data = Data(magic)
        data.reserveCapacity(headerBytes + 4 * layout.total * (optimizer == nil ? 1 : 3))
        for value in header { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        data.append(UnsafeBufferPointer(model.parameters))
        if let optimizer {
            data.append(UnsafeBufferPointer(optimizer.m))
            data.append(UnsafeBufferPointer(optimizer.v))
        }
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw TrainingError.unreadable(
                path: path, reason: "cannot write the checkpoint: \(fileSystemReason(of: error))")
        }
    }

    /// Reads a checkpoint file.
    package static func read(from path: String) throws -> Checkpoint {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TrainingError.badCheckpoint(path: path, reason: "cannot read the file")
        }
        guard data.count >= headerBytes, Array(data.prefix(8)) == magic else {
            throw TrainingError.badCheckpoint(path: path, reason: "not a Kiln checkpoint (no KILNCKPT header)")
        }
        let header: [Int] = (0..<(11 + ParameterLayout.names.count)).map { index in
            data.withUnsafeBytes {
                Int(Int64(littleEndian: $0.loadUnaligned(fromByteOffset: 8 + 8 * index, as: Int64.self)))
            }
        }
        guard header[0] == 1 else {
            throw TrainingError.badCheckpoint(path: path, reason: "unknown version \(header[0])")
        }
        let shape = ModelShape(
            layers: header[3], width: header[5], heads: header[4], context: header[2], vocab: header[1])
        let layout = ParameterLayout(shape: shape)
        let count = header[9]
        let hasOptimizer = header[8] == 1
        guard count == layout.total, Array(header[11...]) == layout.sizes else {
            throw TrainingError.badCheckpoint(path: path, reason: "tensor sizes do not match the shape in its header")
        }
        guard data.count == headerBytes + 4 * count * (hasOptimizer ? 3 : 1) else {
            throw TrainingError.badCheckpoint(
                path: path,
                reason: "file is \(data.count) bytes; the header implies "
                    + "\(headerBytes + 4 * count * (hasOptimizer ? 3 : 1))")
        }
        func floats(_ index: Int) -> [Float] {
            [Float](unsafeUninitializedCapacity: count) { buffer, initialised in
                data.withUnsafeBytes { raw in
                    let start = headerBytes + 4 * index * count
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(
                        from: UnsafeRawBufferPointer(rebasing: raw[start..<(start + 4 * count)]))
                }
                initialised = count
            }
        }
        return Checkpoint(
            shape: shape, step: header[6], adamUpdates: header[7], seed: header[10],
            parameters: floats(0), moments: hasOptimizer ? (floats(1), floats(2)) : nil)
    }
}
