import Foundation

/// `<dataDir>/<name>/meta.json`: what a prepared corpus holds.
package struct CorpusManifest: Codable, Sendable, Equatable {
    /// Corpus name (`prose`, `code`, `synthetic`).
    package var name: String
    /// Where the text came from.
    package var origin: String
    /// Bytes in `train.txt`.
    package var trainBytes: Int
    /// Bytes in `val.txt`.
    package var valBytes: Int
    /// For `synthetic`: the generator's exact entropy rate in nats per byte.
    package var entropyRate: Double?
    /// For `synthetic`: the entropy of its unigram distribution, nats (a model that ignores context).
    package var unigramEntropy: Double?

    enum CodingKeys: String, CodingKey {
        case name, origin
        case trainBytes = "train_bytes"
        case valBytes = "val_bytes"
        case entropyRate = "entropy_rate_nats_per_byte"
        case unigramEntropy = "unigram_entropy_nats"
    }

    /// Reads `<dataDir>/<name>/meta.json`, or nil when the corpus is not prepared.
    package static func read(name: String, dataDir: String) -> CorpusManifest? {
        let url = URL(fileURLWithPath: dataDir).appendingPathComponent(name).appendingPathComponent("meta.json")
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(CorpusManifest.self, from: data)
    }
}
