/// How the loss-curve laws are fitted.
public struct ScheduleFitOptions: Sendable {
    /// Huber threshold δ on log-loss residuals.
    public var huberDelta = 1e-3
    /// The annealing law's λ; nil chooses it from `lambdaGrid` by the objective.
    public var lambda: Double?
    /// Candidate values of λ when `lambda` is nil.
    public var lambdaGrid = [0.99, 0.995, 0.999, 0.9995]
    /// Where the fit starts on each run (default: after warmup and the first 10% of the run).
    public var window = FitWindow()
    /// Rows of each run a law is evaluated at, at most about (0: every row of the window); see `FitPoints`.
    public var maxFitPoints = 256
    /// Spans Δu = Δv of log area and log LR merged into one node of the multi-power law's loss drop (0: exact);
    /// the drop's error is at most ((Δu + Δv)² + Δu²)/8 of B·Σ|d|.
    public var dropTolerance = 0.1
    /// The optimiser run from every start.
    public var optimizer = LBFGS(maxIterations: 2000)

    /// Bootstrap resamples for intervals (0 for none): residuals resampled in blocks of `blockLength` rows.
    public var bootstrap = 0
    /// Rows per block of the residual bootstrap.
    public var blockLength = 10
    /// Seed of the bootstrap.
    public var seed: UInt64 = 0

    /// The fit points of each of `curves` (its window and at most about `maxFitPoints` rows).
    public func fitPoints(_ curves: [LossCurve]) -> [FitPoints] {
        curves.map { FitPoints(curve: $0, fromStep: window.start(of: $0), limit: maxFitPoints) }
    }

    /// Default options: δ = 1e-3, λ from the grid.
    public init() {}
}
