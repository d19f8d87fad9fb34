/// The life of a run in the queue.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    case pending, running, succeeded, failed, cancelled

    /// `true` once the run will not change again (unless retried by hand).
    public var isFinished: Bool { self == .succeeded || self == .failed || self == .cancelled }
}
