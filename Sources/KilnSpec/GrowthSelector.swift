import KilnProtocol

/// `from.grow`: each run grows its parent's trained model into a deeper one by depthwise stacking
/// (Du et al. 2024, G_stack) instead of loading it as is. See `docs/sweep-spec.md`, "Model growth".
package struct GrowthSelector: Sendable, Hashable {
    /// The new depth: a multiple of the parent's `layers` (`2x`) or a number of layers.
    package enum Depth: Sendable, Hashable {
        case factor(Int)
        case layers(Int)
    }

    /// The new depth.
    package var depth: Depth
    /// The growth operator.
    package var `operator`: Growth.Operator
    /// Where `grow` was written.
    package var location: SourceLocation

    /// The grown model's layers for a parent of `parentLayers`.
    package func layers(from parentLayers: Int) -> Int {
        switch depth {
        case .factor(let factor): factor * parentLayers
        case .layers(let layers): layers
        }
    }

    /// Parses `grow: {depth: 2x | N, operator: stack}`; `width` growth is refused.
    static func parse(_ node: SpecNode) throws(SpecError) -> GrowthSelector {
        let fields = try node.fields(allowed: ["depth", "width", "operator"])
        if let width = fields["width"] {
            throw SpecError(
                .invalidValue(
                    key: "from.grow.width",
                    reason:
                        "width growth is not supported; grow the depth (operator: stack) and set a wider model from scratch"
                ),
                at: width.location)
        }
        guard let depthNode = fields["depth"] else { throw SpecError(.missingKey("depth"), at: node.location) }
        let depth: Depth
        let text = try depthNode.string()
        if text.hasSuffix("x") {
            guard let factor = Int(text.dropLast()), factor >= 2 else {
                throw SpecError(
                    .invalidValue(
                        key: "from.grow.depth", reason: "a factor is an integer of at least 2 and 'x', found '\(text)'"),
                    at: depthNode.location)
            }
            depth = .factor(factor)
        } else {
            guard let layers = Int(text), layers >= 1 else {
                throw SpecError(
                    .invalidValue(
                        key: "from.grow.depth",
                        reason: "expected a factor such as '2x' or a number of layers, found '\(text)'"),
                    at: depthNode.location)
            }
            depth = .layers(layers)
        }
        var growthOperator = Growth.Operator.stack
        if let node = fields["operator"] {
            let name = try node.string()
            guard let parsed = Growth.Operator(rawValue: name) else {
                let known = Growth.Operator.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
                throw SpecError(
                    .invalidValue(key: "from.grow.operator", reason: "must be one of \(known), found '\(name)'"),
                    at: node.location)
            }
            growthOperator = parsed
        }
        return GrowthSelector(depth: depth, operator: growthOperator, location: node.location)
    }
}
