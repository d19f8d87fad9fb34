/// How the loss-curve laws are fitted.
public struct ScheduleFitOptions: Sendable {
    /// Huber threshold δ on log-loss residuals.
    public var huberDelta = 1e-3
    /// The annealing law's λ; nil chooses it from `lambdaGrid` by the objective.
    public var lambda: Double?
    /// Candidate values of λ when `lambda` is nil.
    public var lambdaGrid = [0.99, 0.995, 0.999, 0.9995]
    /// The optimiser run from every start.
    public var optimizer = LBFGS(maxIterations: 2000)

    /// Bootstrap resamples for intervals (0 for none): residuals resampled in blocks of `blockLength` rows.
    public var bootstrap = 0
    /// Rows per block of the residual bootstrap.
    public var blockLength = 10
    /// Seed of the bootstrap.
    public var seed: UInt64 = 0

    /// Default options: δ = 1e-3, λ from the grid.
    public init() {}
}
