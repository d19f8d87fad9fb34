/// A program that could not be started, and why (the operating system's words).
package struct LaunchError: Error, CustomStringConvertible {
    /// The program and arguments that did not start.
    package var argv: [String]
    /// Why, in the operating system's words (`strerror`), or the directory that could not be entered.
    package var reason: String

    /// `cannot start ARGV: REASON`.
    package var description: String { "cannot start \(argv.joined(separator: " ")): \(reason)" }
}
