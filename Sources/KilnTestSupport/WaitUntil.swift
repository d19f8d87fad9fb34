import Foundation
import Testing

/// Polls `condition` until it holds or `seconds` pass; records an issue on timeout.
@discardableResult
package func waitUntil(
    _ what: String, seconds: Double = 60, _ condition: () throws -> Bool,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.05)
    }
    Issue.record("timed out waiting until \(what)", sourceLocation: sourceLocation)
    return false
}
