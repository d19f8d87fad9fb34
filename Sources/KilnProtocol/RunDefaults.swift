/// Defaults of a run's scheduling settings, declared once for the spec, the store and the docs.
package enum RunDefaults {
    /// Attempts the scheduler gives a run when its spec has no `max_attempts:`. Two: one retry after a
    /// failure (a lost node, an out-of-memory kill) without repeating a deterministic crash many times;
    /// what `docs/sweep-spec.md` and `docs/scheduler.md` have always said and every spec-registered run got.
    package static let maxAttempts = 2
}
