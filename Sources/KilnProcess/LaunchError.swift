/// A program that could not be started, and why (the operating system's words).
package struct LaunchError: Error, CustomStringConvertible {
    package var argv: [String]
    package var reason: String

    package var description: String { "cannot start \(argv.joined(separator: " ")): \(reason)" }
}
