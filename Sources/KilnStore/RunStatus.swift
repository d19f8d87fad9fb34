/// The life of a run in the queue.
package enum RunStatus: String, Sendable, Codable, CaseIterable {
    case pending, running, succeeded, failed, cancelled

    /// `true` once the run will not change again (unless retried by hand).
    package var isFinished: Bool { self == .succeeded || self == .failed || self == .cancelled }
}
