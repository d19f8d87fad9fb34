import Foundation
import Yams

extension SweepSpec {
    /// Keys of a stage, also allowed at the top level as defaults for every stage.
    static let stageKeys = [
        "name", "from", "trainer", "base", "schedule", "data", "eval", "derive",
        "grid", "zip", "random", "isoflop", "seeds", "timeout", "max_attempts", "population",
    ]
    /// Keys only the top level may hold.
    static let topKeys = ["description", "stages", "early_stop"]
    /// Stage keys that expand runs; with `stages:` they belong inside a stage.
    static let expansionKeys = ["grid", "zip", "random", "isoflop", "population"]

    /// Reads and parses the spec at `path` (messages name the path as given).
    package init(contentsOf path: String) throws(SpecError) {
        try self.init(text: try Self.read(path), file: path)
    }

    /// The text of the file at `path`; what is wrong with it is said in the user's terms
    /// (`no such file`, `is a directory, not a spec file`, `not a text file (it is not UTF-8)`).
    private static func read(_ path: String) throws(SpecError) -> String {
        func unreadable(_ reason: String) -> SpecError { SpecError(.unreadable(reason), at: .whole(path)) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw unreadable("no such file")
        }
        if isDirectory.boolValue { throw unreadable("is a directory, not a spec file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw unreadable(
                FileManager.default.isReadableFile(atPath: path)
                    ? "cannot read the file" : "cannot read the file (permission denied)")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw unreadable("not a text file (it is not UTF-8)")
        }
        if text.utf8.contains(0) { throw unreadable("not a text file (it contains NUL bytes)") }
        return text
    }

    /// Parses spec `text`; `file` names it in messages.
    package init(text: String, file: String) throws(SpecError) {
        let root = try Self.compose(text, file: file)
        guard case .mapping = root.node else { throw SpecError(.notAMapping(found: root.typeName), at: root.location) }
        let top = try root.fields(allowed: Self.stageKeys + Self.topKeys)
        self.file = file
        self.text = text
        guard let nameNode = top["name"] else {
            throw SpecError(.missingKey("name"), at: root.location)
        }
        name = try nameNode.string()
        description = try top["description"]?.string() ?? ""
        earlyStop = try top["early_stop"].map { (node) throws(SpecError) in try Self.earlyStop(node) }
        if let stagesNode = top["stages"] {
            for key in Self.expansionKeys {
                if let node = top[key] {
                    throw SpecError(
                        .conflict("'\(key)' at the top level cannot be combined with 'stages'; move it into a stage"),
                        at: node.location)
                }
            }
            var stages: [StageSpec] = []
            for item in try stagesNode.items() {
                let fields = try item.fields(allowed: Self.stageKeys)
                guard let stageName = fields["name"] else { throw SpecError(.missingKey("name"), at: item.location) }
                let name = try stageName.string()
                guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "_.".contains($0) }) else {
                    throw SpecError(
                        .invalidValue(
                            key: "name", reason: "a stage name is letters, digits, '_' and '.' (it starts run ids)"),
                        at: stageName.location)
                }
                let parsed = try StageSpec(name: name, location: item.location, top: top, own: fields)
                if stages.contains(where: { $0.name == parsed.name }) {
                    throw SpecError(.conflict("stage '\(parsed.name)' is defined twice"), at: stageName.location)
                }
                if let from = parsed.from, !stages.contains(where: { $0.name == from.stage }) {
                    let earlier = stages.map(\.name)
                    throw SpecError(
                        .invalidValue(
                            key: "from.stage",
                            reason: "'\(from.stage)' is not an earlier stage"
                                + (Suggestion.nearest(to: from.stage, in: earlier).map { "; did you mean '\($0)'?" }
                                    ?? "")),
                        at: from.location)
                }
                stages.append(parsed)
            }
            guard !stages.isEmpty else {
                throw SpecError(.invalidValue(key: "stages", reason: "no stages"), at: stagesNode.location)
            }
            self.stages = stages
        } else {
            if let node = top["from"] {
                throw SpecError(.conflict("'from' belongs inside a stage of 'stages'"), at: node.location)
            }
            stages = [try StageSpec(name: "main", location: root.location, top: [:], own: top)]
        }
    }

    /// The YAML document as a node, with syntax errors reported as `file:line:column`.
    static func compose(_ text: String, file: String) throws(SpecError) -> SpecNode {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw SpecError(.syntax("\(error)"), at: SourceLocation(file: file, line: 1, column: 1))
        }
        guard let node else {
            throw SpecError(.syntax("the file is empty"), at: SourceLocation(file: file, line: 1, column: 1))
        }
        return SpecNode(node: node, key: "", file: file)
    }

    private static func syntaxError(_ error: YamlError, file: String) -> SpecError {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text) at \($0.mark.line):\($0.mark.column))" } ?? ""
            return SpecError(.syntax(problem + detail), at: at(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return SpecError(
                .syntax("duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))"), at: at(context.mark))
        default:
            return SpecError(.syntax("\(error)"), at: SourceLocation(file: file, line: 1, column: 1))
        }
    }
}
