/// Exit codes of `kiln-train` that Kiln's scheduler tells apart.
package enum TrainerExitCode {
    /// Finished every step.
    package static let success: Int32 = 0
    /// Bad configuration or input data.
    package static let badConfiguration: Int32 = 2
    /// The loss or a gradient became non-finite.
    package static let diverged: Int32 = 3
}
