import KilnProtocol

extension RunResolver {
    /// With `from.grow`, sets the child's `layers` to the grown depth and records the growth as the
    /// parameter `grow` (`{"operator", "source_layers", "layers", "source_step"}`: stored with the run,
    /// overriding any `layers` of `base`,
    /// and what the scheduler passes on as `init_from.grow`). Without it, drops a `grow` inherited
    /// from a grown parent.
    func grow(
        _ params: inout [String: ParamValue], parent: PlannedEntry, branchStep: Int?, combo: [Assignment]
    ) throws(SpecError) {
        guard let grow = stage.from?.grow else {
            params["grow"] = nil
            return
        }
        if combo.contains(where: { $0.name == "layers" }) {
            throw SpecError(
                .conflict("a stage with 'from.grow' takes its depth from 'grow.depth'; do not sweep 'layers'"),
                at: stage.location(of: "layers"))
        }
        guard let sourceLayers = parent.inputs["layers"]?.integer else {
            throw SpecError(.missingKey("layers"), at: grow.location)
        }
        let layers = grow.layers(from: sourceLayers)
        guard layers >= sourceLayers else {
            throw SpecError(
                .invalidValue(
                    key: "from.grow.depth",
                    reason: "\(layers) layers is shallower than the parent's \(sourceLayers); growing adds layers"),
                at: grow.location)
        }
        params["layers"] = .int(layers)
        params["grow"] = .object([
            "operator": .string(grow.operator.rawValue), "source_layers": .int(sourceLayers), "layers": .int(layers),
            "source_step": .int(branchStep ?? parent.run.steps),
        ])
    }
}
