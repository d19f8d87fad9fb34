import Foundation
import KilnProtocol

/// The placeholders of a command trainer's argv: `{name}` (the value as text), `{a.b}` (a field of a
/// mapping), `{name!q}` (the value shell-quoted, for an argument a shell reads, as in `bash -c "…"`),
/// and `{{` / `}}` for literal braces.
package enum Placeholders {
    /// `argument` with every placeholder replaced by its parameter's value; `start` is where the
    /// argument's text starts in the file (columns count Unicode scalars, so a placeholder after an
    /// escape sequence in a double-quoted string is placed approximately).
    static func substitute(_ argument: String, _ params: [String: ParamValue], at start: SourceLocation)
        throws(SpecError) -> String
    {
        let scalars = Array(argument.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let doubled = index + 1 < scalars.count && scalars[index + 1] == scalar
            switch scalar {
            case "{" where doubled, "}" where doubled:
                out.append(scalar)
                index += 2
            case "}":
                throw SpecError(
                    .badPlaceholder("a lone '}' in '\(argument)'; write '}}' for a literal brace"),
                    at: start.shifted(by: index))
            case "{":
                guard let close = scalars[index...].firstIndex(of: "}") else {
                    throw SpecError(
                        .badPlaceholder("'{' is never closed in '\(argument)'; write '{{' for a literal brace"),
                        at: start.shifted(by: index))
                }
                let body = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
                out.append(contentsOf: try value(of: body, params, at: start.shifted(by: index)).unicodeScalars)
                index = close + 1
            default:
                out.append(scalar)
                index += 1
            }
        }
        return String(out)
    }

    /// The text a placeholder's body (`name`, `a.b`, `name!q`) stands for.
    private static func value(of body: String, _ params: [String: ParamValue], at location: SourceLocation)
        throws(SpecError) -> String
    {
        let parts = body.split(separator: "!", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0])
        let conversion = parts.count > 1 ? String(parts[1]) : nil
        if let conversion, conversion != "q" {
            throw SpecError(
                .badPlaceholder(
                    "unknown conversion '!\(conversion)' in placeholder '{\(body)}'; "
                        + "use '{\(name)}' or '{\(name)!q}' (shell-quoted)"), at: location)
        }
        let path = name.split(separator: ".")
        guard let head = path.first, let value = params[String(head)]?.value(at: path.dropFirst()) else {
            throw SpecError(
                .unknownPlaceholder(name, suggestion: Suggestion.nearest(to: name, in: params.keys)), at: location)
        }
        return conversion == nil ? value.description : shellQuoted(value.description)
    }

    /// `text` as one word for a POSIX shell: in single quotes, each `'` written as `'\''`.
    package static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Shells whose `-c` argument is a script.
    static let shells: Set<String> = ["sh", "bash", "dash", "zsh", "ksh"]

    /// A note when a stage's command runs a shell script (`bash -c "…"`) that pastes bare `{name}`
    /// placeholders in as shell code.
    static func shellNotes(_ stage: StageSpec) -> [String] {
        guard case .command(let argv) = stage.trainer, let program = argv.first?.split(separator: "/").last,
            shells.contains(String(program)),
            let flag = argv.indices.dropFirst().first(where: {
                argv[$0].hasPrefix("-") && !argv[$0].hasPrefix("--") && argv[$0].contains("c")
            }),
            flag + 1 < argv.count
        else { return [] }
        let bare = bareNames(in: argv[flag + 1])
        guard let first = bare.first else { return [] }
        return [
            "\(stage.name): the shell script of 'trainer.command' pastes \(bare.map { "{\($0)}" }.joined(separator: ", ")) "
                + "in as shell code; write {\(first)!q} to quote a value (docs/sweep-spec.md, Trainers)"
        ]
    }

    /// The names of the placeholders in `argument` written without `!q`, in order, once each.
    static func bareNames(in argument: String) -> [String] {
        var names: [String] = []
        var rest = Substring(argument)
        while let open = rest.firstIndex(of: "{") {
            let after = rest.index(after: open)
            if after < rest.endIndex, rest[after] == "{" {
                rest = rest[rest.index(after: after)...]
                continue
            }
            guard let close = rest[after...].firstIndex(of: "}") else { break }
            let body = String(rest[after..<close])
            if !body.hasSuffix("!q"), !names.contains(body) { names.append(body) }
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
