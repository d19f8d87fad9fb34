/// Why stored runs could not become fit inputs, worded for the user.
package struct AnalysisError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, e.g. `no sweep named 'grid' in the store`.
    package var message: String

    init(_ message: String) { self.message = message }

    /// The message as the CLI prints it: `error: …`.
    package var description: String { "error: " + message }

    /// No sweep named `name` is in the store; `known` lists the sweeps there are.
    static func unknownSweep(_ name: String, known: [String]) -> AnalysisError {
        AnalysisError(
            "no sweep named '\(name)' in the store"
                + (known.isEmpty
                    ? " (it has none yet; run one with 'kiln run FILE')" : "; sweeps: \(known.joined(separator: ", "))")
        )
    }
}
