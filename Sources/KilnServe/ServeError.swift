/// Why `kiln serve` cannot start, in the user's terms.
package enum ServeError: Error, CustomStringConvertible {
    /// A command-line option that cannot work (`--public` without `--read-only`, a bad `--listen`).
    case invalidOption(String)

    package var description: String {
        switch self {
        case .invalidOption(let message): message
        }
    }
}
