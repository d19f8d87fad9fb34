import KilnProtocol

/// A place in a spec file: 1-based line and column (as Yams reports them).
package struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The spec file as named on the command line.
    package var file: String
    /// 1-based line.
    package var line: Int
    /// 1-based column (in Unicode scalars).
    package var column: Int

    /// A place in `file`.
    package init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The file as a whole (no line or column), for problems with the file itself.
    package static func whole(_ file: String) -> SourceLocation {
        SourceLocation(file: file, line: 0, column: 0)
    }

    /// `file:line:column`, or just `file` for the file as a whole.
    package var description: String { line == 0 ? file : "\(file):\(line):\(column)" }

    /// The same place moved `offset` columns to the right (a position inside a scalar).
    func shifted(by offset: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column + offset)
    }
}

/// Everything that can be wrong with a sweep spec, reported compiler-style:
/// `sweeps/wsd.yaml:12:5: error: unknown key 'warmup_step'; did you mean 'warmup_steps'?`
package struct SpecError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is.
    package var location: SourceLocation
    /// What the problem is.
    package var problem: Problem

    /// An error about `problem` at `location`.
    package init(_ problem: Problem, at location: SourceLocation) {
        self.location = location
        self.problem = problem
    }

    /// The spec file.
    package var file: String { location.file }
    /// 1-based line.
    package var line: Int { location.line }
    /// 1-based column.
    package var column: Int { location.column }

    /// The message as a compiler would print it.
    package var description: String { "\(location): error: \(problem)" }

    /// What is wrong; the wording of every message is written here once.
    package enum Problem: Sendable, Hashable, CustomStringConvertible {
        /// The file cannot be read as a spec; the reason says why in the user's terms (`no such file`).
        case unreadable(String)
        /// The document is not a mapping; the payload is what it is instead (`a list`).
        case notAMapping(found: String)
        case syntax(String)
        case unknownKey(String, suggestion: String?)
        case missingKey(String)
        case wrongType(key: String, expected: String, found: String)
        case invalidValue(key: String, reason: String)
        case unknownParameter(String, suggestion: String?)
        case unknownName(String, suggestion: String?)
        /// A `{name}` placeholder of a command trainer's argv names no parameter.
        case unknownPlaceholder(String, suggestion: String?)
        /// A malformed placeholder (an unknown `!x` conversion, an unmatched brace); the payload is the whole message.
        case badPlaceholder(String)
        /// A `data:`/`eval:` source that is neither a built-in corpus nor a path (paths contain `/`).
        case unknownCorpus(String, suggestion: String?)
        /// A `data:`/`eval:` path that cannot be read, and why.
        case badDataFile(String, reason: String)
        case cycle([String])
        case expression(String)
        case conflict(String)

        package var description: String {
            switch self {
            case .unreadable(let reason): reason
            case .notAMapping(let found): "a sweep spec is a mapping of keys (name:, base:, grid:, ...), not \(found)"
            case .syntax(let message): "YAML syntax: \(message)"
            case .unknownKey(let key, let suggestion): "unknown key '\(key)'" + Self.hint(suggestion)
            case .missingKey(let key): "missing required key '\(key)'"
            case .wrongType(let key, let expected, let found): "'\(key)' should be \(expected), found \(found)"
            case .invalidValue(let key, let reason): "invalid value for '\(key)': \(reason)"
            case .unknownParameter(let name, let suggestion):
                "unknown parameter '\(name)' for the built-in trainer" + Self.hint(suggestion)
            case .unknownName(let name, let suggestion): "unknown name '\(name)' in expression" + Self.hint(suggestion)
            case .unknownPlaceholder(let name, let suggestion):
                "placeholder '{\(name)}' names no parameter" + Self.hint(suggestion)
            case .badPlaceholder(let message): message
            case .unknownCorpus(let name, let suggestion):
                "unknown corpus '\(name)'" + Self.hint(suggestion)
                    + " (the corpora are \(BuiltinCorpus.names.joined(separator: ", ")); a file path contains '/')"
            case .badDataFile(let path, let reason): "data file '\(path)': \(reason)"
            case .cycle(let names): "derived parameters form a cycle: \(names.joined(separator: " -> "))"
            case .expression(let message): "bad expression: \(message)"
            case .conflict(let message): message
            }
        }

        private static func hint(_ suggestion: String?) -> String {
            suggestion.map { "; did you mean '\($0)'?" } ?? ""
        }
    }
}
