/// Exit codes of `kiln-train` that Kiln's scheduler tells apart.
public enum TrainerExitCode {
    /// Finished every step.
    public static let success: Int32 = 0
    /// Bad configuration or input data.
    public static let badConfiguration: Int32 = 2
    /// The loss or a gradient became non-finite.
    public static let diverged: Int32 = 3
}
