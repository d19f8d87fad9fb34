import KilnProtocol

/// A sweep as stored.
package struct SweepRecord: Sendable, Hashable {
    package var id: Int64
    package var name: String
    package var description: String
    package var specText: String
    package var specHash: String
    package var specPath: String?
    /// Seconds since 1970.
    package var createdAt: Double
}

/// A run to register: the plan's view of it, without any queue state.
package struct NewRun: Sendable, Hashable, Encodable {
    package var name: String
    package var stage: String
    /// The resolved parameters as a JSON object.
    package var params: String
    package var configHash: String
    /// The run (by name, in the same sweep) whose checkpoint this run starts from.
    package var parentName: String?
    /// The parent's checkpoint step; `nil` means its final checkpoint.
    package var parentStep: Int?
    package var priority: Int = 0
    package var threads: Int = 1
    package var timeoutSeconds: Double?
    package var maxAttempts: Int = RunDefaults.maxAttempts
    /// The resolved trainer as JSON (`{"builtin": {…}}` or `{"command": […]}`), stored with the run.
    package var trainer: String?
    /// Load the parent checkpoint's optimizer state too.
    package var parentOptimizer = false
    /// Continue the parent's step counter (a WSD cooldown branch).
    package var parentKeepStep = false
    package var totalSteps: Int?
    package var paramsCount: Int?
    package var tokens: Int?
    package var flops: Double?

    package init(name: String, stage: String, params: String, configHash: String) {
        self.name = name
        self.stage = stage
        self.params = params
        self.configHash = configHash
    }

    enum CodingKeys: String, CodingKey {
        case name, stage, params, configHash = "config_hash", parentName = "parent_name", parentStep = "parent_step"
        case priority, threads, timeoutSeconds = "timeout_seconds", maxAttempts = "max_attempts"
        case totalSteps = "total_steps", paramsCount = "params_count", tokens, flops
        case trainer, parentOptimizer = "parent_optimizer", parentKeepStep = "parent_keep_step"
    }
}
