import KilnProtocol

/// A spec expanded into its runs: what `kiln plan` prints and what the scheduler registers.
package struct SweepPlan: Sendable, Codable {
    /// The sweep's name (`name:` in the spec).
    package var name: String
    package var description: String
    /// The spec file's text, stored with the sweep.
    package var specText: String
    /// FNV-1a 64 of the spec text, 16 hex digits.
    package var specHash: String
    /// Stage names in order.
    package var stages: [String]
    /// Runs in plan order: stage by stage, each stage in expansion order; parents come before children.
    package var runs: [PlannedRun]
    /// Remarks that are not errors (for example isoflop budget/shape pairs skipped for too few steps).
    package var notes: [String]
    /// The rules of the stages that train a population (`population:`), stored with the sweep.
    package var populations: [PopulationRule] = []
    /// The spec's `early_stop:` settings, stored with the sweep; nil without them.
    package var earlyStop: EarlyStopSettings?

    /// Sum of every run's training FLOPs.
    package var totalFLOPs: Double { runs.reduce(0) { $0 + $1.compute.flops } }

    /// The run with identifier `id`.
    package func run(_ id: String) -> PlannedRun? { runs.first { $0.id == id } }

    enum CodingKeys: String, CodingKey {
        case name, description, specText = "spec_text", specHash = "spec_hash", stages, runs, notes, populations
        case earlyStop = "early_stop"
    }
}

/// One run of a plan, fully resolved.
package struct PlannedRun: Sendable, Hashable, Codable {
    /// Stable identifier `<stage>-<tag>-<10 hex digits of configHash>`, unique within the sweep.
    package var id: String
    /// FNV-1a 64 of the run's canonical resolved configuration (stage, params, trainer, parent), 16 hex digits.
    package var configHash: String
    /// The stage the run belongs to.
    package var stage: String
    /// Resolved parameters (schedule, data and eval in their resolved JSON form).
    package var params: [String: ParamValue]
    /// The values the expansion axes (and a branch step) set for this run, in axis order, as written in
    /// the spec: what tells it apart from its siblings.
    package var swept: [Assignment]
    /// What trains the run and how it is configured.
    package var trainer: Trainer
    /// The earlier run whose checkpoint this run starts from.
    package var parent: ParentLink?
    /// Parameters, tokens and FLOPs of the run.
    package var compute: Compute
    /// Total optimizer steps (for a branch that keeps its parent's step counter, including the steps before the branch).
    package var steps: Int
    /// Threads the run needs (BLAS threads for `kiln-train`).
    package var threads: Int
    /// Seconds before the scheduler stops the run (`timeout:`), none if nil.
    package var timeoutSeconds: Double?
    /// How many times the scheduler tries the run (`max_attempts:`).
    package var maxAttempts: Int
    /// The population member whose first segment this run is (`population:`), nil for other runs.
    package var member: Int? = nil

    enum CodingKeys: String, CodingKey {
        case id, configHash = "config_hash", stage, params, swept, trainer, parent, compute, steps, threads
        case timeoutSeconds = "timeout_seconds", maxAttempts = "max_attempts", member
    }
}

/// A dependency on an earlier run's checkpoint.
package struct ParentLink: Sendable, Hashable, Codable {
    /// The parent's `PlannedRun.id`.
    package var runID: String
    /// The checkpoint step to start from; `nil` is the parent's final checkpoint.
    package var step: Int?
    /// Load the optimizer state too.
    package var optimizer: Bool
    /// Continue the parent's step counter (a WSD cooldown branch) instead of starting at 0.
    package var keepStep: Bool

    /// A link to run `runID` at `step` (nil: final checkpoint).
    package init(runID: String, step: Int?, optimizer: Bool, keepStep: Bool) {
        self.runID = runID
        self.step = step
        self.optimizer = optimizer
        self.keepStep = keepStep
    }

    enum CodingKeys: String, CodingKey { case runID = "run_id", step, optimizer, keepStep = "keep_step" }
}
