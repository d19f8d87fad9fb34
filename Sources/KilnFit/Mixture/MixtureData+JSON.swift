import KilnProtocol

extension MixtureData {
    /// The points as JSON (for the `inputs` of a stored fit): an array of
    /// {params, tokens, ratio, general_loss, domain_loss}.
    package var json: JSONValue {
        .array(
            points.map { p in
                .object([
                    ("params", .number(p.params)), ("tokens", .number(p.tokens)), ("ratio", .number(p.ratio)),
                    ("general_loss", .number(p.generalLoss)), ("domain_loss", .number(p.domainLoss)),
                ])
            })
    }
}
