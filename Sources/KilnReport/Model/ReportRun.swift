import KilnStore

/// One run: identity, swept parameters, compute accounting, status and metric series.
package struct ReportRun: Sendable {
    /// Store id (`runs.id`), unique across sweeps.
    package var id: Int64
    /// Name, unique within its sweep (`runs.name`).
    package var name: String
    /// Name of the sweep the run belongs to.
    package var sweep: String
    /// Stage within the sweep (`runs.stage`), e.g. `main`, `pretrain`, `cpt`, `cooldown`.
    package var stage: String
    /// Queue status (`runs.status`), as the store holds it.
    package var status: RunStatus
    /// Swept parameters; nested spec values flattened to dotted keys (`schedule.kind`).
    package var params: [String: ParameterValue]
    /// Parameter count N of the model, if known.
    package var parameterCount: Int64?
    /// Training tokens D, if known.
    package var tokens: Int64?
    /// Training compute C in FLOPs (≈ 6·N·D), if known.
    package var flops: Double?
    /// Wall-clock time from start to finish (or to now for a running run), in seconds.
    package var wallTimeSeconds: Double?
    /// The run this one was branched from (continual pretraining, cooldowns from a checkpoint).
    package var parentRunID: Int64?
    /// Metric series by name (`lr`, `train/loss`, `val/<set>/loss`, …), each sorted by step.
    package var series: [String: [CurvePoint]]
    /// Final value of each metric; defaults to the last point of each series.
    package var finalMetrics: [String: Double]
    /// Metrics whose series holds an overview of the stored points (`MetricOverview`), not every point.
    package var summarized: Set<String> = []
    /// Every attempt in the order they started, with how each was started (Kiln version, commit, argv,
    /// program hash, environment); empty for runs that never started or models built without a store.
    package var attempts: [AttemptRecord] = []

    /// A run from its parts; `finalMetrics` defaults to the last point of each series.
    package init(
        id: Int64, name: String, sweep: String, stage: String = "main", status: RunStatus = .succeeded,
        params: [String: ParameterValue] = [:], parameterCount: Int64? = nil, tokens: Int64? = nil,
        flops: Double? = nil, wallTimeSeconds: Double? = nil, parentRunID: Int64? = nil,
        series: [String: [CurvePoint]] = [:], finalMetrics: [String: Double]? = nil
    ) {
        self.id = id
        self.name = name
        self.sweep = sweep
        self.stage = stage
        self.status = status
        self.params = params
        self.parameterCount = parameterCount
        self.tokens = tokens
        self.flops = flops
        self.wallTimeSeconds = wallTimeSeconds
        self.parentRunID = parentRunID
        self.series = series
        self.finalMetrics = finalMetrics ?? series.compactMapValues { $0.last?.value }
    }
}

/// One logged point of a metric: `value` at optimiser step `step` (0-based).
package struct CurvePoint: Sendable, Hashable {
    /// Optimiser step (0-based).
    package var step: Int
    /// Metric value at `step`.
    package var value: Double

    /// A point from its step and value.
    package init(step: Int, value: Double) {
        self.step = step
        self.value = value
    }
}
