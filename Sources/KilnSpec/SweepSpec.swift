/// A parsed, validated sweep spec: the YAML file's meaning before expansion (`docs/sweep-spec.md`).
public struct SweepSpec: Sendable {
    /// The sweep's name (`name:`).
    public var name: String
    public var description: String
    /// The file name used in messages.
    public var file: String
    /// The spec's text as read.
    public var text: String
    /// Stages in order; a spec without `stages:` has one stage named `main`.
    public var stages: [StageSpec]
}

/// One stage: fixed parameters, the expansion axes, derived parameters and where its runs start from.
public struct StageSpec: Sendable {
    /// The stage's name (`main` without `stages:`).
    public var name: String
    /// Where the stage starts in the file.
    public var location: SourceLocation
    /// What trains the stage's runs.
    public var trainer: TrainerSpec
    /// Fixed parameters, including `schedule`, `data` and `eval` when given.
    public var base: [String: ParamValue]
    /// Expansion axes in order (`grid` keys, `zip` groups, `random`, `isoflop`, `seeds`); their
    /// cartesian product, first axis slowest, gives the stage's runs.
    public var axes: [Axis]
    /// Derived parameters, in file order (evaluated in dependency order).
    public var derive: [Derivation]
    /// Where an `isoflop:` axis needs steps computed from its budget.
    public var isoflop: IsoFLOPSettings?
    /// The earlier runs this stage's runs start from.
    public var from: ParentSelector?
    /// Seconds a run may take (`timeout:`), none if nil.
    public var timeoutSeconds: Double?
    /// Attempts per run (`max_attempts:`, default `RunDefaults.maxAttempts`).
    public var maxAttempts: Int
    /// Where each parameter was set, for messages.
    public var locations: [String: SourceLocation]
}

/// The program that trains a run.
public enum TrainerSpec: Sendable, Hashable {
    /// `kiln-train`, configured by a `TrainingConfig`.
    case builtin
    /// Any program: argv with `{param}` placeholders.
    case command([String])
}

/// One expansion axis: a list of rows, each assigning some parameters.
public struct Axis: Sendable, Hashable {
    /// Where the axis came from (`grid`, `zip`, `random`, `isoflop`, `seeds`), for messages.
    public var source: String
    /// The axis's rows, each a set of parameter values.
    public var rows: [[Assignment]]
}

/// One parameter set by an axis row.
public struct Assignment: Sendable, Hashable, Codable {
    /// The parameter's name (dotted names set a field of a mapping).
    public var name: String
    /// The value as written.
    public var value: ParamValue
}

/// A parameter computed from others.
public struct Derivation: Sendable {
    /// The derived parameter's name.
    public var name: String
    /// The expression as written.
    public var text: String
    /// The parsed expression.
    public var expression: Expression
    /// Where the expression starts in the file.
    public var location: SourceLocation
}

/// Settings of an `isoflop:` axis.
public struct IsoFLOPSettings: Sendable, Hashable {
    /// Budget/shape pairs with fewer steps than this are skipped with a note.
    public var minSteps: Int
}

/// `from:`: which runs of an earlier stage a stage branches off, and how.
public struct ParentSelector: Sendable {
    /// The earlier stage whose runs are parents.
    public var stage: String
    /// Parameter filters: a parent must match one of the listed values for every name (dotted paths allowed).
    public var filters: [(name: String, values: [ParamValue])]
    /// Checkpoint steps to branch at; `nil` is the parent's final checkpoint.
    public var steps: [Int?]
    /// Load the parent's optimizer state too.
    public var optimizer: Bool
    /// Continue the parent's step counter (a WSD cooldown branch).
    public var keepStep: Bool
    /// Where `from.stage` was written.
    public var location: SourceLocation
    /// Where `from.step` was written (or `from.stage` without it).
    public var stepsLocation: SourceLocation
}
