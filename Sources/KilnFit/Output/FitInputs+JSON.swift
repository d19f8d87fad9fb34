import KilnProtocol
extension ScalingData {
    /// The points as JSON (for the `inputs` of a stored fit): an array of {params, tokens, loss[, flops]}.
    package var json: JSONValue {
        .array(
            points.map { p in
                .object(
                    [("params", .number(p.params)), ("tokens", .number(p.tokens)), ("loss", .number(p.loss))]
                        + (p.flops.map { [("flops", JSONValue.number($0))] } ?? []))
            })
    }
}

extension LossCurve {
    /// The curve as JSON (for the `inputs` of a stored fit): {run, warmup_steps, steps, lrs, losses}.
    package var json: JSONValue {
        .object([
            ("run", .string(run)), ("warmup_steps", .integer(warmupSteps)),
            ("steps", .array(steps.map(JSONValue.integer))), ("lrs", .array(lrs.map(JSONValue.number))),
            ("losses", .array(losses.map(JSONValue.number))),
        ])
    }
}
