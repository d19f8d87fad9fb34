/// How the loss-curve laws are fitted.
package struct ScheduleFitOptions: Sendable {
    /// Huber threshold δ on log-loss residuals.
    package var huberDelta = 1e-3
    /// The annealing law's λ; nil chooses it from `lambdaGrid` by the objective.
    package var lambda: Double?
    /// Candidate values of λ when `lambda` is nil.
    package var lambdaGrid = [0.99, 0.995, 0.999, 0.9995]
    /// Where the fit starts on each run (default: after warmup and the first 10% of the run).
    package var window = FitWindow()
    /// Rows of each run a law is evaluated at, at most about (0: every row of the window); see `FitPoints`.
    package var maxFitPoints = 256
    /// Spans Δu = Δv of log area and log LR merged into one node of the multi-power law's loss drop (0: exact);
    /// the drop's error is at most ((Δu + Δv)² + Δu²)/8 of B·Σ|d|.
    package var dropTolerance = 0.1
    /// The optimiser run from every start.
    package var optimizer = LBFGS(maxIterations: 2000)

    /// Bootstrap resamples for intervals (0 for none): residuals resampled in blocks of `blockLength` rows.
    package var bootstrap = 0
    /// Rows per block of the residual bootstrap.
    package var blockLength = 10
    /// Seed of the bootstrap.
    package var seed: UInt64 = 0

    /// The fit points of each of `curves` (its window and at most about `maxFitPoints` rows).
    package func fitPoints(_ curves: [LossCurve]) -> [FitPoints] {
        curves.map { FitPoints(curve: $0, fromStep: window.start(of: $0), limit: maxFitPoints) }
    }

    /// Default options: δ = 1e-3, λ from the grid.
    package init() {}
}
