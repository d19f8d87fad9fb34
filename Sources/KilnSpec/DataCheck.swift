import Foundation
import KilnProtocol

/// The folder `kiln run` trains in: the built-in trainer's working directory, against which relative
/// data paths are read, and whose `.kiln/data` holds the prepared corpora.
package struct ProjectFolder: Sendable {
    /// The folder's path.
    package var path: String

    /// The project at `path` (usually the current directory).
    package init(path: String) { self.path = path }

    /// Where prepared corpora live.
    var dataDirectory: String {
        URL(fileURLWithPath: path).appendingPathComponent(TrainingConfig.defaultDataDirectory).path
    }
}

/// The checks a plan makes of its built-in runs' data sources: a name must be a built-in corpus
/// (anywhere), a path must exist in the project folder, and a corpus not prepared yet gets a note.
/// Each distinct source is checked once.
struct DataCheck {
    /// The project, when the file system is to be checked; names are always checked.
    let project: ProjectFolder?
    private var checked: Set<String> = []

    init(project: ProjectFolder?) { self.project = project }

    /// Checks every source of a built-in run's configuration; `location` gives where `data`/`eval` were written.
    mutating func check(_ config: TrainingConfig, location: (String) -> SourceLocation, notes: inout [String])
        throws(SpecError)
    {
        let mixtures = [config.data.mixture] + config.data.phases.map(\.mixture)
        for source in mixtures.flatMap({ $0.map(\.source) }) { try check(source, at: location("data"), notes: &notes) }
        for set in config.eval { try check(set.source, at: location("eval"), notes: &notes) }
    }

    private mutating func check(_ source: String, at location: SourceLocation, notes: inout [String]) throws(SpecError)
    {
        guard checked.insert(source).inserted else { return }
        if !source.contains("/") {
            guard BuiltinCorpus.names.contains(source) else {
                throw SpecError(
                    .unknownCorpus(source, suggestion: Suggestion.nearest(to: source, in: BuiltinCorpus.names)),
                    at: location)
            }
            guard let project else { return }
            let manifest = URL(fileURLWithPath: project.dataDirectory).appendingPathComponent(source)
                .appendingPathComponent("meta.json").path
            if !FileManager.default.fileExists(atPath: manifest) {
                notes.append(
                    "corpus '\(source)' is not prepared yet in \(TrainingConfig.defaultDataDirectory); "
                        + "run 'kiln data prepare' before 'kiln run'")
            }
            return
        }
        guard let project else { return }
        let path =
            source.hasPrefix("/") ? source : URL(fileURLWithPath: project.path).appendingPathComponent(source).path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            let relative =
                source.hasPrefix("/") ? "" : " (relative paths are read from the project folder, \(project.path))"
            throw SpecError(.badDataFile(source, reason: "no such file" + relative), at: location)
        }
        if isDirectory.boolValue {
            throw SpecError(.badDataFile(source, reason: "is a directory, not a data file"), at: location)
        }
    }
}
