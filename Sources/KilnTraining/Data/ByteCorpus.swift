import Foundation

/// Reads training and validation bytes from a source: a prepared corpus name or a file path.
///
/// Prepared corpora live in `<dataDir>/<name>/train.txt` and `val.txt` (raw bytes). A path (any
/// source containing `/`) is read whole for both splits: `.bin` files as nanoGPT `uint16`
/// little-endian tokens (each must be < 256), anything else as raw bytes.
package enum ByteCorpus {
    /// Which half of a prepared corpus.
    package enum Split: String, Sendable { case train, val }

    /// The bytes of `source`'s `split`.
    package static func load(_ source: String, split: Split, dataDir: String) throws -> [UInt8] {
        if source.contains("/") { return try loadFile(source) }
        let path = URL(fileURLWithPath: dataDir).appendingPathComponent(source)
            .appendingPathComponent("\(split.rawValue).txt").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw TrainingError.missingCorpus(name: source, dataDir: dataDir)
        }
        return try read(path)
    }

    /// A file's bytes, decoding nanoGPT `uint16` tokens when the name ends in `.bin`.
    package static func loadFile(_ path: String) throws -> [UInt8] {
        let raw = try read(path)
        guard path.hasSuffix(".bin") else { return raw }
        guard raw.count % 2 == 0 else {
            throw TrainingError.unreadable(
                path: path,
                reason: "a .bin token file must hold whole uint16 tokens "
                    + "(\(raw.count) bytes is odd)")
        }
        var bytes = [UInt8](repeating: 0, count: raw.count / 2)
        for i in bytes.indices {
            let token = Int(raw[2 * i]) | Int(raw[2 * i + 1]) << 8
            guard token < 256 else { throw TrainingError.tokenOutOfRange(path: path, index: i, token: token) }
            bytes[i] = UInt8(token)
        }
        return bytes
    }

    private static func read(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TrainingError.unreadable(path: path, reason: "cannot read the file")
        }
        return [UInt8](data)
    }
}
