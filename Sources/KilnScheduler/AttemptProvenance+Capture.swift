import Foundation
import KilnStore
import Synchronization

/// Digests of programs already hashed by this process, by path, with the size and modification time
/// they had: a worker hashes `kiln-train` once, not once per attempt.
private let programDigests = Mutex<[String: (size: Int, modified: Date, digest: String)]>([:])

extension AttemptProvenance {
    /// Interpreters whose first file argument is the program that matters (`python3 train.py`).
    static let interpreters: Set<String> = [
        "python", "python3", "pypy", "pypy3", "sh", "bash", "dash", "zsh", "ksh", "perl", "ruby", "node", "deno",
        "bun", "Rscript", "julia", "lua", "php", "uv",
    ]

    /// What an attempt started with `argv` in `directory` records: the git revision of the spec's
    /// repository (`specPath`'s folder when it exists here, else `directory`), the file that
    /// defines the trainer and its SHA-256, and `environment` (the variables Kiln set).
    static func capture(argv: [String], environment: [String: String], specPath: String?, directory: String)
        -> AttemptProvenance
    {
        var repository = directory
        if let specPath {
            let folder = URL(fileURLWithPath: specPath).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue {
                repository = folder
            }
        }
        let revision = SourceRevision.of(directory: repository)
        let program = programFile(argv: argv, directory: directory)
        let digest = program.flatMap(Self.digest(ofFileAt:))
        return AttemptProvenance(
            gitCommit: revision?.commit, gitDirty: revision?.dirty, argv: argv, executable: program,
            executableSHA256: digest, environment: environment)
    }

    /// The SHA-256 of the file at `path`, from the cache while its size and modification time are
    /// unchanged; nil when it cannot be read (an execute-only program is recorded by path alone).
    static func digest(ofFileAt path: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = (attributes[.size] as? NSNumber)?.intValue, let modified = attributes[.modificationDate] as? Date
        else { return nil }
        if let cached = programDigests.withLock({ $0[path] }), cached.size == size, cached.modified == modified {
            return cached.digest
        }
        do {
            let digest = try SHA256.hash(fileAt: path)
            programDigests.withLock { $0[path] = (size, modified, digest) }
            return digest
        } catch {
            return nil
        }
    }

    /// The file that defines the trainer: for an interpreter (`python3 train.py`, `/bin/sh run.sh`),
    /// the first later argument naming an existing file; otherwise the executable, looked up in
    /// `$PATH` like the trainer's own start. Paths are absolute (relative ones against `directory`).
    static func programFile(argv: [String], directory: String) -> String? {
        guard let first = argv.first, let executable = ExecutableSearch.find(first, relativeTo: directory) else {
            return nil
        }
        let name = URL(fileURLWithPath: first).lastPathComponent
        let base = String(name.prefix { !$0.isNumber && $0 != "." })  // python3.12 -> python
        guard interpreters.contains(name) || interpreters.contains(base) else { return executable }
        for argument in argv.dropFirst() where !argument.hasPrefix("-") {
            let path = argument.hasPrefix("/") ? argument : directory + "/" + argument
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return path
            }
        }
        return executable
    }
}
