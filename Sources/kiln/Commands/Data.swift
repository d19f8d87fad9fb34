import ArgumentParser
import Foundation
import KilnTraining

struct DataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "Prepare the built-in corpora.", subcommands: [Prepare.self])

    struct Prepare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build the prose, code and synthetic corpora (train and validation splits) offline.",
            discussion: """
                prose: Debian's fortunes; code: the Python standard library's .py files (up to 4 MB); \
                synthetic: an order-1 Markov chain whose exact entropy rate is written to its meta.json. \
                Corpora already present are kept unless --force is given.

                Example:
                  kiln data prepare --data-dir .kiln/data
                """)

        @Option(help: "Folder for the prepared corpora.")
        var dataDir = ".kiln/data"

        @Flag(help: "Rebuild corpora that are already prepared.")
        var force = false

        func run() async throws {
            do {
                for (manifest, built) in try CorpusBuilder(dataDir: dataDir).prepare(force: force) {
                    var line =
                        "\(manifest.name): \(built ? "built" : "present"), train \(manifest.trainBytes) bytes, "
                        + "val \(manifest.valBytes) bytes (from \(manifest.origin))"
                    if let rate = manifest.entropyRate { line += ", entropy rate \(rate) nats/byte" }
                    print(line)
                }
            } catch let error as TrainingError {
                printError(error.description)
                throw ExitCode(2)
            }
        }
    }
}

private func printError(_ text: String) {
    var standardError = StandardErrorStream()
    print(text, to: &standardError)
}

private struct StandardErrorStream: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
