/// Why a report could not be built: the templates shipped with Kiln are missing or broken, or a run's
/// parameters are not a JSON object.
package struct ReportError: Error, CustomStringConvertible {
    /// What went wrong.
    package enum Problem: Sendable {
        /// The `templates/html` resource folder was not found in the build.
        case templatesMissing
        /// A template file could not be read.
        case unreadable(file: String)
        /// A template file does not parse as Mustache.
        case invalidTemplate(file: String, line: Int, column: Int, message: String)
        /// A template needed by the renderer is not in the folder.
        case templateNotFound(name: String)
        /// A run's parameters are not a JSON object.
        case invalidParameters(message: String)
        /// No sweep of that name is in the store.
        case unknownSweep(String, known: [String])
    }

    /// The problem.
    package var problem: Problem

    /// A report error for `problem`.
    package init(_ problem: Problem) { self.problem = problem }

    /// A compiler-style message naming the file and suggesting a fix.
    /// No sweep named `name`; `known` lists the sweeps there are.
    static func unknownSweep(_ name: String, known: [String]) -> ReportError {
        ReportError(.unknownSweep(name, known: known))
    }

    package var description: String {
        switch problem {
        case .templatesMissing:
            "error: report templates not found in the build; rebuild Kiln so templates/html is copied"
        case .unreadable(let file):
            "\(file): error: cannot read report template"
        case .invalidTemplate(let file, let line, let column, let message):
            "\(file):\(line):\(column): error: \(message)"
        case .templateNotFound(let name):
            "error: report template '\(name).mustache' is missing from templates/html"
        case .invalidParameters(let message):
            "error: run parameters are not a JSON object: \(message)"
        case .unknownSweep(let name, let known):
            "error: no sweep named '\(name)' in the store"
                + (known.isEmpty
                    ? " (it has none yet; run one with 'kiln run FILE')" : "; sweeps: \(known.joined(separator: ", "))")
        }
    }
}
