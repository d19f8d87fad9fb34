import KilnProtocol

/// A parsed, validated sweep spec: the YAML file's meaning before expansion (`docs/sweep-spec.md`).
package struct SweepSpec: Sendable {
    /// The sweep's name (`name:`).
    package var name: String
    package var description: String
    /// The file name used in messages.
    package var file: String
    /// The spec's text as read.
    package var text: String
    /// Stages in order; a spec without `stages:` has one stage named `main`.
    package var stages: [StageSpec]
    /// Schedule-aware early stopping for the whole sweep (`early_stop:`); nil without it.
    package var earlyStop: EarlyStopSettings?
}

/// One stage: fixed parameters, the expansion axes, derived parameters and where its runs start from.
package struct StageSpec: Sendable {
    /// The stage's name (`main` without `stages:`).
    package var name: String
    /// Where the stage starts in the file.
    package var location: SourceLocation
    /// What trains the stage's runs.
    package var trainer: TrainerSpec
    /// Fixed parameters, including `schedule`, `data` and `eval` when given.
    package var base: [String: ParamValue]
    /// Expansion axes in order (`grid` keys, `zip` groups, `random`, `isoflop`, `seeds`); their
    /// cartesian product, first axis slowest, gives the stage's runs.
    package var axes: [Axis]
    /// Derived parameters, in file order (evaluated in dependency order).
    package var derive: [Derivation]
    /// Where an `isoflop:` axis needs steps computed from its budget.
    package var isoflop: IsoFLOPSettings?
    /// The earlier runs this stage's runs start from.
    package var from: ParentSelector?
    /// Seconds a run may take (`timeout:`), none if nil.
    package var timeoutSeconds: Double?
    /// Attempts per run (`max_attempts:`, default `RunDefaults.maxAttempts`).
    package var maxAttempts: Int
    /// Where each parameter was set, for messages.
    package var locations: [String: SourceLocation]
    /// Population-based training (`population:`): the stage's runs are its members' first segments.
    package var population: PopulationRule? = nil
}

/// The program that trains a run.
package enum TrainerSpec: Sendable, Hashable {
    /// `kiln-train`, configured by a `TrainingConfig`.
    case builtin
    /// Any program: argv with `{param}` placeholders.
    case command([String])
}

/// One expansion axis: a list of rows, each assigning some parameters.
package struct Axis: Sendable, Hashable {
    /// Where the axis came from (`grid`, `zip`, `random`, `isoflop`, `seeds`), for messages.
    package var source: String
    /// The axis's rows, each a set of parameter values.
    package var rows: [[Assignment]]
}

/// One parameter set by an axis row.
package struct Assignment: Sendable, Hashable, Codable {
    /// The parameter's name (dotted names set a field of a mapping).
    package var name: String
    /// The value as written.
    package var value: ParamValue
}

/// A parameter computed from others.
package struct Derivation: Sendable {
    /// The derived parameter's name.
    package var name: String
    /// The expression as written.
    package var text: String
    /// The parsed expression.
    package var expression: Expression
    /// Where the expression starts in the file.
    package var location: SourceLocation
}

/// Settings of an `isoflop:` axis.
package struct IsoFLOPSettings: Sendable, Hashable {
    /// Budget/shape pairs with fewer steps than this are skipped with a note.
    package var minSteps: Int
}

/// `from:`: which runs of an earlier stage a stage branches off, and how.
package struct ParentSelector: Sendable {
    /// The earlier stage whose runs are parents.
    package var stage: String
    /// Parameter filters: a parent must match one of the listed values for every name (dotted paths allowed).
    package var filters: [(name: String, values: [ParamValue])]
    /// Checkpoint steps to branch at; `nil` is the parent's final checkpoint.
    package var steps: [Int?]
    /// Load the parent's optimizer state too.
    package var optimizer: Bool
    /// Continue the parent's step counter (a WSD cooldown branch).
    package var keepStep: Bool
    /// Grow the parent's model into a deeper one (`from.grow`) instead of loading it as is.
    package var grow: GrowthSelector?
    /// Where `from.stage` was written.
    package var location: SourceLocation
    /// Where `from.step` was written (or `from.stage` without it).
    package var stepsLocation: SourceLocation
}
