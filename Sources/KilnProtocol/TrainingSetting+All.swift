import KilnLearningRate

extension TrainingSetting {
    /// Every setting of a built-in run, in the order of the docs' table. The one place a setting's
    /// key, type, default, range and meaning are written.
    package static let all: [TrainingSetting] = [
        // Model shape.
        .integer("layers", \.layers, default: nil, minimum: 1, "transformer blocks"),
        .integer("width", \.width, default: nil, minimum: 1, "model width (embedding size)"),
        .integer("heads", \.heads, default: nil, minimum: 1, "attention heads; `width` must be divisible by `heads`"),
        .integer("context", \.context, default: nil, minimum: 1, "sequence length in bytes"),
        .choice(
            "norm", \.norm, default: .pre,
            "where each block normalises: `pre` (LayerNorm on each sublayer's input), `post` (after each residual add), `mix` (Mix-LN: post-LN in the first `norm_mix_fraction` of the blocks, pre-LN after), `peri` (Peri-LN: on each sublayer's input and, without gain or bias, on its output before the add)"
        ),
        .number(
            "norm_mix_fraction", \.normMixFraction, default: 0.25,
            "with `norm: mix`, the fraction of blocks (from the first, rounded down) that are post-LN; 0 to 1"),
        // Optimisation.
        .integer("batch", \.batch, default: nil, minimum: 1, "sequences per micro-batch"),
        .integer(
            "accumulation", \.accumulation, default: 1, minimum: 1,
            "micro-batches per optimizer step (tokens per step = batch × context × accumulation)"),
        .integer("steps", \.steps, default: nil, minimum: 1, "optimizer steps in the whole run (the schedule's total)"),
        .value(
            "schedule", .structured, \.schedule, default: nil,
            "the learning-rate schedule, an object with `kind` (see `docs/sweep-spec.md`); the LR at step *n* (0-based) is `schedule.learningRate(at: n)`"
        ),
        .number("weight_decay", \.weightDecay, default: 0.1, "AdamW decoupled weight decay"),
        .number("beta1", \.beta1, default: 0.9, "AdamW first-moment decay"),
        .number("beta2", \.beta2, default: 0.95, "AdamW second-moment decay"),
        .number("epsilon", \.epsilon, default: 1e-8, "AdamW denominator term"),
        .number("grad_clip", \.gradClip, default: 1.0, "clip the global gradient norm to this; 0 disables"),
        .integer("seed", \.seed, default: 0, minimum: nil, "initialisation and data sampling"),
        // Data.
        .value(
            "data", .structured, \.data, default: nil,
            "`{\"mixture\": [{\"source\": …, \"weight\": …}], \"phases\": [{\"from\": 0.8, \"mixture\": […]}]}`; a phase takes over from that fraction of `steps`"
        ),
        .value(
            "eval", .structured, \.eval, default: [], shown: "[]",
            "`[{\"name\": \"prose\", \"source\": \"prose\"}]` validation sets"),
        .value(
            "data_dir", .string, \.dataDir, default: TrainingConfig.defaultDataDirectory,
            shown: "`\(TrainingConfig.defaultDataDirectory)`", origin: .scheduler,
            "prepared corpora (`kiln data prepare`), relative to the project folder"),
        // Cadence.
        .integer(
            "eval_every", \.evalEvery, default: 100, minimum: 0, "evaluate every this many steps (0: only at the end)"),
        .integer("eval_batches", \.evalBatches, default: 8, minimum: 1, "micro-batches per evaluation"),
        .integer("log_every", \.logEvery, default: 10, minimum: 1, "report training metrics every this many steps"),
        .integer(
            "checkpoint_every", \.checkpointEvery, default: 0, minimum: 0,
            "checkpoint every this many steps (0: only at the end)"),
        .boolean(
            "log_layer_grad_norms", \.logLayerGradNorms, default: false,
            "also report each block's gradient norm (before clipping) as `grad_norm/layer0` … `grad_norm/layer{L-1}`"),
        // Resources and files.
        .integer(
            "threads", \.threads, default: 1, minimum: 1,
            "compute threads (BLAS and the trainer's own loops); what the scheduler reserves"),
        .value("output_dir", .string, \.outputDir, default: nil, origin: .scheduler, "checkpoints go here"),
        .optional(
            "init_from", .structured, \.initFrom, origin: .scheduler,
            "`{\"path\": …, \"optimizer\": false, \"keep_step\": false, \"grow\": …}`: start from another run's checkpoint; `grow` `{\"operator\": \"stack\", \"source_layers\": L₀, \"layers\": L}` stacks its L₀ blocks to this run's L (`docs/training-core.md`)"
        ),
        .optional(
            "resume_from", .string, \.resumeFrom, origin: .scheduler,
            "path of this run's own checkpoint to resume exactly"),
    ]

    /// The declared setting named `key`, if any.
    package static func named(_ key: String) -> TrainingSetting? {
        byKey[key]
    }

    private static let byKey = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })

    /// The settings table of `docs/trainer-protocol.md`, one row per setting.
    package static var markdownTable: String {
        var rows = ["| key | type | default | valid | meaning |", "| --- | --- | --- | --- | --- |"]
        for setting in all {
            let valid =
                setting.minimum.map { "≥ \($0)" } ?? setting.choices?.map { "`\($0)`" }.joined(separator: ", ") ?? ""
            let set = setting.origin == .scheduler ? " (set by the scheduler)" : ""
            rows.append(
                "| `\(setting.key)` | \(setting.kind.rawValue) | \(setting.shownDefault ?? "—") | \(valid) | \(setting.doc)\(set) |"
            )
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
