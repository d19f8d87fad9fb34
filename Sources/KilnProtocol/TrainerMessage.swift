/// One line a trainer writes to stdout: the whole of the metrics protocol (`docs/trainer-protocol.md`).
///
/// ```
/// {"event": "start", "total_steps": 1000}
/// {"step": 120, "metrics": {"train/loss": 2.31, "lr": 0.0006}}
/// {"event": "checkpoint", "step": 500, "path": "/abs/ckpt-500.bin"}
/// {"event": "done", "step": 1000}
/// ```
/// Non-finite values are written as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`; bare `NaN` and
/// `Infinity` tokens (as Python's `json.dumps` writes them) are accepted too.
package enum TrainerMessage: Sendable, Equatable {
    /// The trainer started; `totalSteps` lets Kiln show progress.
    case start(totalSteps: Int?)
    /// Metric values at a step.
    case metrics(step: Int, values: [String: Double])
    /// A checkpoint was written for `step`.
    case checkpoint(step: Int, path: String)
    /// Training finished normally at `step`.
    case done(step: Int)
    /// The trainer reports a fatal problem (for example divergence) before exiting non-zero.
    case error(message: String)
}
