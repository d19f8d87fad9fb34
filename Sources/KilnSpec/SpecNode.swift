import Yams

/// A YAML node with its place in the file and the key path that led to it (`stages[1].from.step`),
/// with typed accessors that throw `SpecError`s naming the key, the expected and the found type.
struct SpecNode {
    let node: Node
    let key: String
    let file: String

    /// Where the node starts.
    var location: SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// The resolved YAML tag (`int`, `float`, `bool`, `null`, `str`, …).
    private var tagName: Tag.Name { Tag.Name(rawValue: node.tag.rawValue) }

    /// The YAML type of the node, for messages.
    var typeName: String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar:
            switch tagName {
            case .int: "an integer"
            case .float: "a number"
            case .bool: "a boolean"
            case .null: "null"
            default: "a string"
            }
        }
    }

    func wrongType(_ expected: String) -> SpecError {
        SpecError(.wrongType(key: key, expected: expected, found: typeName), at: location)
    }

    /// The entries of a mapping in file order; an unknown key is an error with a suggestion from `allowed`.
    func entries(allowed: [String]? = nil) throws(SpecError) -> [(
        key: String, keyLocation: SourceLocation, value: SpecNode
    )] {
        guard case .mapping(let mapping) = node else { throw wrongType("a mapping") }
        var out: [(key: String, keyLocation: SourceLocation, value: SpecNode)] = []
        for (keyNode, valueNode) in mapping {
            let keyLocation = SpecNode(node: keyNode, key: key, file: file).location
            guard case .scalar(let scalar) = keyNode else {
                throw SpecError(.wrongType(key: key, expected: "string keys", found: "a complex key"), at: keyLocation)
            }
            let name = scalar.string
            if let allowed, !allowed.contains(name) {
                throw SpecError(
                    .unknownKey(name, suggestion: Suggestion.nearest(to: name, in: allowed)), at: keyLocation)
            }
            let path = key.isEmpty ? name : "\(key).\(name)"
            out.append((name, keyLocation, SpecNode(node: valueNode, key: path, file: file)))
        }
        return out
    }

    /// The entries as a dictionary (after checking keys against `allowed`).
    func fields(allowed: [String]) throws(SpecError) -> [String: SpecNode] {
        var out: [String: SpecNode] = [:]
        for entry in try entries(allowed: allowed) { out[entry.key] = entry.value }
        return out
    }

    /// The items of a list.
    func items() throws(SpecError) -> [SpecNode] {
        guard case .sequence(let sequence) = node else { throw wrongType("a list") }
        return sequence.enumerated().map { SpecNode(node: $1, key: "\(key)[\($0)]", file: file) }
    }

    /// The items of a list, or the node itself as a one-item list when it is a scalar.
    func itemsOrSingle() throws(SpecError) -> [SpecNode] {
        if case .sequence = node { return try items() }
        return [self]
    }

    func string() throws(SpecError) -> String {
        guard case .scalar(let scalar) = node, tagName != .null else { throw wrongType("a string") }
        return scalar.string
    }

    func int() throws(SpecError) -> Int {
        if case .scalar = node, tagName == .int, let value = node.int { return value }
        if case .scalar = node, tagName == .float, let value = node.float, value.rounded() == value, abs(value) < 9e18 {
            return Int(value)
        }
        throw wrongType("an integer")
    }

    /// A finite number (`.inf`, `.nan` and overflowing literals such as `1e999` are errors at the value).
    func double() throws(SpecError) -> Double {
        guard case .scalar(let scalar) = node, tagName == .int || tagName == .float, let value = node.float else {
            throw wrongType("a number")
        }
        guard value.isFinite else {
            throw SpecError(
                .invalidValue(key: key, reason: "must be a finite number, found \(scalar.string)"), at: location)
        }
        return value
    }

    func bool() throws(SpecError) -> Bool {
        if case .scalar = node, tagName == .bool, let value = node.bool { return value }
        throw wrongType("a boolean")
    }

    /// The node as a plain value: scalars by their YAML type, lists and mappings recursively.
    func value() throws(SpecError) -> ParamValue {
        switch node {
        case .scalar:
            switch tagName {
            case .int: return .int(try int())
            case .float: return .double(try double())
            case .bool: return .bool(try bool())
            case .null: throw wrongType("a value")
            default: return .string(try string())
            }
        case .sequence:
            var out: [ParamValue] = []
            for item in try items() { out.append(try item.value()) }
            return .list(out)
        case .mapping:
            var out: [String: ParamValue] = [:]
            for entry in try entries() { out[entry.key] = try entry.value.value() }
            return .object(out)
        case .alias:
            throw wrongType("a value")
        }
    }
}
