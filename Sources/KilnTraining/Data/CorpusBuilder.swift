import Foundation
import KilnProtocol

/// Builds the built-in corpora offline (`kiln data prepare`), each as `train.txt`, `val.txt` and
/// `meta.json` under `<dataDir>/<name>/`. Every 20th document goes to validation.
package struct CorpusBuilder: Sendable {
    /// Where Debian's `fortunes` package puts its text.
    package var fortunesDir = "/usr/share/games/fortunes"
    /// Cap on the `code` corpus, bytes.
    package var codeLimit = 4_000_000
    /// Bytes of the `synthetic` corpus's train and validation splits.
    package var syntheticBytes = (train: 2_000_000, val: 200_000)
    /// The folder of prepared corpora.
    package var dataDir: String

    package init(dataDir: String) { self.dataDir = dataDir }

    /// Prepares every corpus that is missing (all of them with `force`); returns each one's manifest
    /// and whether it was built now.
    package func prepare(force: Bool = false) throws -> [(manifest: CorpusManifest, built: Bool)] {
        try BuiltinCorpus.names.map { name in
            if !force, let existing = CorpusManifest.read(name: name, dataDir: dataDir) { return (existing, false) }
            return (try build(name), true)
        }
    }

    private func build(_ name: String) throws -> CorpusManifest {
        var manifest: CorpusManifest
        let train: [UInt8]
        let val: [UInt8]
        switch name {
        case "prose":
            (train, val) = Self.split(try fortunes())
            manifest = CorpusManifest(name: name, origin: fortunesDir, trainBytes: 0, valBytes: 0)
        case "code":
            let (root, documents) = try pythonSources()
            (train, val) = Self.split(documents)
            manifest = CorpusManifest(name: name, origin: root, trainBytes: 0, valBytes: 0)
        default:
            let chain = MarkovSource.standard
            train = chain.generate(count: syntheticBytes.train, seed: 1)
            val = chain.generate(count: syntheticBytes.val, seed: 2)
            manifest = CorpusManifest(
                name: name, origin: "order-1 Markov chain, 16 symbols, seed 2024",
                trainBytes: 0, valBytes: 0, entropyRate: chain.entropyRate,
                unigramEntropy: chain.stationaryEntropy)
        }
        manifest.trainBytes = train.count
        manifest.valBytes = val.count
        let folder = URL(fileURLWithPath: dataDir).appendingPathComponent(name)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(train).write(to: folder.appendingPathComponent("train.txt"), options: .atomic)
            try Data(val).write(to: folder.appendingPathComponent("val.txt"), options: .atomic)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            // meta.json last: its presence marks a complete corpus
            try encoder.encode(manifest).write(to: folder.appendingPathComponent("meta.json"), options: .atomic)
        } catch {
            throw TrainingError.unreadable(
                path: folder.path, reason: "cannot write the corpus: \(fileSystemReason(of: error))")
        }
        return manifest
    }

    /// Every 20th document to validation, the rest to training.
    static func split(_ documents: [[UInt8]]) -> (train: [UInt8], val: [UInt8]) {
        var train = [UInt8]()
        var val = [UInt8]()
        for (index, document) in documents.enumerated() {
            if index % 20 == 19 { val += document } else { train += document }
        }
        return (train, val)
    }

    /// The fortunes, one document each, `%` separator lines removed.
    func fortunes() throws -> [[UInt8]] {
        let files = try regularFiles(in: fortunesDir).filter { !$0.hasSuffix(".dat") && !$0.hasSuffix(".u8") }
        guard !files.isEmpty else {
            throw TrainingError.unreadable(
                path: fortunesDir, reason: "no fortunes found; install Debian's 'fortunes' package")
        }
        var documents: [[UInt8]] = []
        for file in files {
            guard let text = FileManager.default.contents(atPath: file) else { continue }
            var current = [UInt8]()
            var lines = text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            if lines.last?.isEmpty == true { lines.removeLast() }  // the file's final newline
            for line in lines {
                if line.elementsEqual("%".utf8) {
                    if !current.isEmpty { documents.append(current) }
                    current = []
                } else {
                    current += line
                    current.append(UInt8(ascii: "\n"))
                }
            }
            if current.contains(where: { $0 != UInt8(ascii: "\n") }) { documents.append(current) }
        }
        return documents
    }

    /// The Python standard library's `.py` files (not site-packages), sorted, up to `codeLimit` bytes.
    func pythonSources() throws -> (root: String, documents: [[UInt8]]) {
        guard let root = PythonStandardLibrary.locate() else {
            throw TrainingError.unreadable(path: "python3", reason: "no Python standard library found; install python3")
        }
        var documents: [[UInt8]] = []
        var total = 0
        let enumerator = FileManager.default.enumerator(atPath: root)
        var paths: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasPrefix("site-packages") || relative.hasPrefix("dist-packages") {
                enumerator?.skipDescendants()
                continue
            }
            if relative.hasSuffix(".py") { paths.append(relative) }
        }
        for relative in paths.sorted() where total < codeLimit {
            guard let data = FileManager.default.contents(atPath: root + "/" + relative) else { continue }
            let document = [UInt8](data.prefix(codeLimit - total))
            documents.append(document)
            total += document.count
        }
        return (root, documents)
    }

    private func regularFiles(in folder: String) throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().map { folder + "/" + $0 }.filter { path in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            return attributes?[.type] as? FileAttributeType == .typeRegular
        }
    }
}
