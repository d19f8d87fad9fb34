/// The life of a run in the queue.
package enum RunStatus: String, Sendable, Codable, CaseIterable {
    /// `pruned`: stopped early by the sweep's `early_stop:` rule (it would not finish near the best run); its
    /// checkpoint is kept, so `kiln retry` continues it.
    case pending, running, succeeded, failed, cancelled, pruned

    /// `true` once the run will not change again (unless retried by hand).
    package var isFinished: Bool { self == .succeeded || self == .failed || self == .cancelled || self == .pruned }
}
