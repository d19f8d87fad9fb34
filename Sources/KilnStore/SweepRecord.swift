import KilnProtocol

/// A sweep as stored.
public struct SweepRecord: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var description: String
    public var specText: String
    public var specHash: String
    public var specPath: String?
    /// Seconds since 1970.
    public var createdAt: Double
}

/// A run to register: the plan's view of it, without any queue state.
public struct NewRun: Sendable, Hashable, Encodable {
    public var name: String
    public var stage: String
    /// The resolved parameters as a JSON object.
    public var params: String
    public var configHash: String
    /// The run (by name, in the same sweep) whose checkpoint this run starts from.
    public var parentName: String?
    /// The parent's checkpoint step; `nil` means its final checkpoint.
    public var parentStep: Int?
    public var priority: Int = 0
    public var threads: Int = 1
    public var timeoutSeconds: Double?
    public var maxAttempts: Int = RunDefaults.maxAttempts
    /// The resolved trainer as JSON (`{"builtin": {…}}` or `{"command": […]}`), stored with the run.
    public var trainer: String?
    /// Load the parent checkpoint's optimizer state too.
    public var parentOptimizer = false
    /// Continue the parent's step counter (a WSD cooldown branch).
    public var parentKeepStep = false
    public var totalSteps: Int?
    public var paramsCount: Int?
    public var tokens: Int?
    public var flops: Double?

    public init(name: String, stage: String, params: String, configHash: String) {
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
