/// Recursive-descent parser for `Expression`: sum := product (('+'|'-') product)*,
/// product := unary (('*'|'/') unary)*, unary := '-' unary | power, power := atom ('^' unary)?.
struct ExpressionParser {
    private let characters: [Character]
    private let text: String
    private let location: SourceLocation
    private var index = 0

    init(text: String, location: SourceLocation) {
        self.text = text
        self.characters = Array(text)
        self.location = location
    }

    mutating func parseAll() throws(SpecError) -> Expression {
        skipSpaces()
        guard index < characters.count else { throw failure("empty expression") }
        let expression = try parseSum()
        skipSpaces()
        guard index == characters.count else { throw failure("unexpected '\(characters[index])'") }
        return expression
    }

    private mutating func parseSum() throws(SpecError) -> Expression {
        var lhs = try parseProduct()
        while let op = peek(), op == "+" || op == "-" {
            index += 1
            lhs = .binary(op, lhs, try parseProduct())
        }
        return lhs
    }

    private mutating func parseProduct() throws(SpecError) -> Expression {
        var lhs = try parseUnary()
        while let op = peek(), op == "*" || op == "/" {
            index += 1
            lhs = .binary(op, lhs, try parseUnary())
        }
        return lhs
    }

    private mutating func parseUnary() throws(SpecError) -> Expression {
        if peek() == "-" {
            index += 1
            return .negate(try parseUnary())
        }
        if peek() == "+" {
            index += 1
            return try parseUnary()
        }
        let base = try parseAtom()
        if peek() == "^" {
            index += 1
            return .binary("^", base, try parseUnary())
        }
        return base
    }

    private mutating func parseAtom() throws(SpecError) -> Expression {
        guard let c = peek() else { throw failure("expression ends too early") }
        let start = index
        if c == "(" {
            index += 1
            let inner = try parseSum()
            guard peek() == ")" else { throw failure("missing ')'") }
            index += 1
            return inner
        }
        if c.isNumber || c == "." { return .number(try parseNumber()) }
        guard c.isLetter || c == "_" else { throw failure("unexpected '\(c)'") }
        while index < characters.count,
            characters[index].isLetter || characters[index].isNumber || characters[index] == "_"
        {
            index += 1
        }
        let name = String(characters[start..<index])
        guard peek() == "(" else { return .name(name, offset: start) }
        guard let arity = Expression.functions[name] else {
            throw SpecError(
                .expression(
                    "unknown function '\(name)'"
                        + (Suggestion.nearest(to: name, in: Expression.functions.keys).map { "; did you mean '\($0)'?" }
                            ?? "")),
                at: location.shifted(by: start))
        }
        index += 1
        var arguments: [Expression] = []
        if peek() != ")" {
            arguments.append(try parseSum())
            while peek() == "," {
                index += 1
                arguments.append(try parseSum())
            }
        }
        guard peek() == ")" else { throw failure("missing ')' after the arguments of '\(name)'") }
        index += 1
        guard arity.contains(arguments.count) else {
            throw SpecError(
                .expression(
                    "'\(name)' takes \(arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "at least \(arity.lowerBound)") argument(s), got \(arguments.count)"
                ),
                at: location.shifted(by: start))
        }
        return .call(name, arguments, offset: start)
    }

    private mutating func parseNumber() throws(SpecError) -> Double {
        let start = index
        while index < characters.count,
            characters[index].isNumber || characters[index] == "." || characters[index] == "_"
        {
            index += 1
        }
        if index < characters.count, characters[index] == "e" || characters[index] == "E" {
            var look = index + 1
            if look < characters.count, characters[look] == "+" || characters[look] == "-" { look += 1 }
            if look < characters.count, characters[look].isNumber {
                index = look
                while index < characters.count, characters[index].isNumber { index += 1 }
            }
        }
        let literal = String(characters[start..<index].filter { $0 != "_" })
        guard let value = Double(literal) else {
            throw SpecError(.expression("bad number '\(literal)'"), at: location.shifted(by: start))
        }
        return value
    }

    /// The next non-space character, without consuming it.
    private mutating func peek() -> Character? {
        skipSpaces()
        return index < characters.count ? characters[index] : nil
    }

    private mutating func skipSpaces() {
        while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
    }

    private func failure(_ message: String) -> SpecError {
        SpecError(.expression("\(message) in '\(text)'"), at: location.shifted(by: index))
    }
}
