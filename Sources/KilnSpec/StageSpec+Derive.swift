extension StageSpec {
    /// The derivations in an order where each comes after those it reads; a cycle is an error
    /// that names it (`a -> b -> a`) at the first derivation on it.
    func derivationOrder() throws(SpecError) -> [Derivation] {
        let byName = Dictionary(derive.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        var state: [String: Bool] = [:]  // false: on the current path, true: done
        var order: [Derivation] = []
        var path: [String] = []

        func visit(_ name: String) throws(SpecError) {
            if state[name] == true { return }
            if state[name] == false {
                let cycle = Array(path[path.firstIndex(of: name)!...]) + [name]
                throw SpecError(.cycle(cycle), at: byName[cycle[0]]!.location)
            }
            guard let derivation = byName[name] else { return }
            state[name] = false
            path.append(name)
            for dependency in derivation.expression.names where byName[dependency.name] != nil {
                try visit(dependency.name)
            }
            path.removeLast()
            state[name] = true
            order.append(derivation)
        }
        for derivation in derive { try visit(derivation.name) }
        return order
    }

    /// Where parameter `key` (or the mapping that holds it) was written; the stage itself otherwise.
    func location(of key: String) -> SourceLocation {
        if let place = locations[key] { return place }
        if let root = key.split(separator: ".").first, let place = locations[String(root)] { return place }
        return location
    }

    /// Names read by derivations and by expressions inside the schedule: inputs the trainer need not know.
    var expressionInputs: Set<String> {
        var names = Set(derive.flatMap { $0.expression.names.map(\.name) })
        names.formUnion(derive.map(\.name))
        var scheduleValues: [ParamValue] = []
        if case .object(let fields)? = base["schedule"] { scheduleValues += fields.values }
        for axis in axes {
            for assignment in axis.rows.flatMap({ $0 }) where assignment.name.hasPrefix("schedule") {
                if case .object(let fields) = assignment.value {
                    scheduleValues += fields.values
                } else {
                    scheduleValues.append(assignment.value)
                }
            }
        }
        for case .string(let text) in scheduleValues {
            if let expression = try? Expression(parsing: text, at: location) {
                names.formUnion(expression.names.map(\.name))
            }
        }
        return names
    }
}
