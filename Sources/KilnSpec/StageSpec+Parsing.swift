import KilnProtocol
import Yams

extension StageSpec {
    /// Builds a stage from its own keys, with the top level's keys as defaults (`base` and `derive`
    /// merge key by key; any other key given in the stage replaces the top level's).
    init(name: String, location: SourceLocation, top: [String: SpecNode], own: [String: SpecNode]) throws(SpecError) {
        self.name = name
        self.location = location
        func pick(_ key: String) -> SpecNode? { own[key] ?? top[key] }

        base = [:]
        locations = [:]
        trainer = .builtin
        if let node = pick("trainer") {
            trainer = try Self.trainer(node, locations: &locations)
            locations["trainer"] = node.location
        }
        for node in [top["base"], own["base"]].compactMap({ $0 }) {
            for entry in try node.entries() {
                base[entry.key] = try entry.value.value()
                locations[entry.key] = entry.value.location
                try Self.recordKeys(of: entry.value, under: entry.key, in: &locations)
            }
        }
        for key in ["schedule", "data", "eval"] {
            if let node = pick(key) {
                base[key] = try node.value()
                locations[key] = node.location
                try Self.recordKeys(of: node, under: key, in: &locations)
            }
        }
        derive = []
        for node in [top["derive"], own["derive"]].compactMap({ $0 }) {
            for entry in try node.entries() {
                let derivation = try Self.derivation(entry.key, entry.value)
                derive.removeAll { $0.name == entry.key }
                derive.append(derivation)
            }
        }

        axes = []
        isoflop = nil
        if let grid = pick("grid") {
            for entry in try grid.entries() {
                let values = try entry.value.items().map { (item) throws(SpecError) in try item.value() }
                guard !values.isEmpty else {
                    throw SpecError(.invalidValue(key: entry.value.key, reason: "empty list"), at: entry.value.location)
                }
                axes.append(Axis(source: "grid", rows: values.map { [Assignment(name: entry.key, value: $0)] }))
                locations[entry.key] = entry.value.location
            }
        }
        if let zip = pick("zip") {
            for group in try zip.itemsOrSingle() {
                axes.append(try Self.zipAxis(group, locations: &locations))
            }
        }
        if let random = pick("random") {
            axes.append(try Self.randomAxis(random, locations: &locations))
        }
        if let node = pick("isoflop") {
            let (axis, settings) = try Self.isoflopAxis(node, locations: &locations)
            axes.append(axis)
            isoflop = settings
        }
        if let node = pick("seeds") {
            let seeds: [Int]
            if case .sequence = node.node {
                seeds = try node.items().map { (item) throws(SpecError) in try item.int() }
            } else {
                let count = try node.int()
                guard count > 0 else {
                    throw SpecError(.invalidValue(key: "seeds", reason: "must be at least 1"), at: node.location)
                }
                guard count <= Self.maximumRows else {
                    throw SpecError(
                        .invalidValue(key: "seeds", reason: "at most \(Self.maximumRows) seeds, found \(count)"),
                        at: node.location)
                }
                seeds = Array(0..<count)
            }
            axes.append(Axis(source: "seeds", rows: seeds.map { [Assignment(name: "seed", value: .int($0))] }))
            locations["seed"] = node.location
        }
        if let node = pick("population") {
            let (axis, rule) = try Self.populationAxis(node, stage: name, base: base, axes: axes, locations: &locations)
            axes.append(axis)
            population = rule
        }
        try Self.checkDistinct(axes, locations: locations)

        from = try own["from"].map(Self.parentSelector)
        timeoutSeconds = try pick("timeout").map { (node) throws(SpecError) in
            let seconds = try node.double()
            guard seconds > 0 else {
                throw SpecError(
                    .invalidValue(
                        key: "timeout",
                        reason: "seconds must be positive, found \(RunIdentity.compact(.double(seconds)))"),
                    at: node.location)
            }
            return seconds
        }
        maxAttempts =
            try pick("max_attempts").map { (node) throws(SpecError) in try node.int() } ?? RunDefaults.maxAttempts
        if let node = pick("max_attempts"), maxAttempts < 1 {
            throw SpecError(.invalidValue(key: "max_attempts", reason: "must be at least 1"), at: node.location)
        }
    }

    /// Records where each nested key of a mapping value was written (`schedule.warmup`), for messages.
    private static func recordKeys(
        of node: SpecNode, under prefix: String, in locations: inout [String: SourceLocation]
    ) throws(SpecError) {
        guard case .mapping = node.node else { return }
        for entry in try node.entries() {
            let key = "\(prefix).\(entry.key)"
            locations[key] = entry.keyLocation
            try recordKeys(of: entry.value, under: key, in: &locations)
        }
    }

    /// `kiln-train` or `{command: [argv…]}`; records where each argument's text starts (`trainer.command[1]`).
    private static func trainer(_ node: SpecNode, locations: inout [String: SourceLocation]) throws(SpecError)
        -> TrainerSpec
    {
        if case .scalar = node.node {
            let name = try node.string()
            guard name == "kiln-train" else {
                throw SpecError(
                    .invalidValue(key: "trainer", reason: "expected 'kiln-train' or a mapping with 'command'"),
                    at: node.location)
            }
            return .builtin
        }
        let fields = try node.fields(allowed: ["command"])
        guard let command = fields["command"] else { throw SpecError(.missingKey("command"), at: node.location) }
        var argv: [String] = []
        for (index, item) in try command.items().enumerated() {
            argv.append(try item.string())
            locations["trainer.command[\(index)]"] = expressionStart(item)
        }
        guard !argv.isEmpty else {
            throw SpecError(.invalidValue(key: "trainer.command", reason: "empty argv"), at: command.location)
        }
        return .command(argv)
    }

    /// An expression's location: quoted scalars start one column later than their mark.
    static func expressionStart(_ node: SpecNode) -> SourceLocation {
        if case .scalar(let scalar) = node.node, scalar.style == .singleQuoted || scalar.style == .doubleQuoted {
            return node.location.shifted(by: 1)
        }
        return node.location
    }

    private static func derivation(_ name: String, _ node: SpecNode) throws(SpecError) -> Derivation {
        guard case .scalar = node.node else { throw node.wrongType("an expression") }
        let text = try node.string()
        let start = expressionStart(node)
        return Derivation(name: name, text: text, expression: try Expression(parsing: text, at: start), location: start)
    }

    private static func zipAxis(_ group: SpecNode, locations: inout [String: SourceLocation]) throws(SpecError) -> Axis
    {
        var columns: [(String, [ParamValue], SpecNode)] = []
        for entry in try group.entries() {
            let values = try entry.value.items().map { (item) throws(SpecError) in try item.value() }
            if let first = columns.first, first.1.count != values.count {
                throw SpecError(
                    .invalidValue(
                        key: entry.value.key,
                        reason:
                            "zip lists must have the same length ('\(first.0)' has \(first.1.count), '\(entry.key)' has \(values.count))"
                    ),
                    at: entry.value.location)
            }
            columns.append((entry.key, values, entry.value))
            locations[entry.key] = entry.value.location
        }
        guard let count = columns.first?.1.count, count > 0 else {
            throw SpecError(
                .invalidValue(key: group.key.isEmpty ? "zip" : group.key, reason: "empty zip"), at: group.location)
        }
        let rows = (0..<count).map { row in columns.map { Assignment(name: $0.0, value: $0.1[row]) } }
        return Axis(source: "zip", rows: rows)
    }

    private static func checkDistinct(_ axes: [Axis], locations: [String: SourceLocation]) throws(SpecError) {
        var owner: [String: String] = [:]
        for axis in axes {
            for name in Set(axis.rows.flatMap { $0.map(\.name) }) {
                if let previous = owner[name] {
                    throw SpecError(
                        .conflict("parameter '\(name)' is set by both '\(previous)' and '\(axis.source)'"),
                        at: locations[name] ?? SourceLocation(file: "", line: 1, column: 1))
                }
                owner[name] = axis.source
            }
        }
    }

    private static func parentSelector(_ node: SpecNode) throws(SpecError) -> ParentSelector {
        let fields = try node.fields(allowed: ["stage", "where", "step", "optimizer", "keep_step", "grow"])
        guard let stage = fields["stage"] else { throw SpecError(.missingKey("stage"), at: node.location) }
        var filters: [(name: String, values: [ParamValue])] = []
        if let filter = fields["where"] {
            for entry in try filter.entries() {
                filters.append(
                    (entry.key, try entry.value.itemsOrSingle().map { (item) throws(SpecError) in try item.value() }))
            }
        }
        var steps: [Int?] = [nil]
        if let node = fields["step"] {
            steps = try node.itemsOrSingle().map { (item) throws(SpecError) -> Int? in
                let step = try item.int()
                guard step > 0 else {
                    throw SpecError(
                        .invalidValue(key: item.key, reason: "a branch step must be positive"), at: item.location)
                }
                return step
            }
        }
        let keepStep = try fields["keep_step"]?.bool() ?? false
        let grow = try fields["grow"].map(GrowthSelector.parse)
        let optimizer = try fields["optimizer"]?.bool() ?? keepStep
        if let grow, optimizer || keepStep {
            throw SpecError(
                .conflict("a grown model starts afresh: 'grow' cannot be combined with 'optimizer' or 'keep_step'"),
                at: grow.location)
        }
        return ParentSelector(
            stage: try stage.string(), filters: filters, steps: steps,
            optimizer: optimizer, keepStep: keepStep,
            grow: grow, location: stage.location, stepsLocation: fields["step"]?.location ?? stage.location)
    }
}
