import Foundation

/// A small, strict HTML parser for the tests: every non-void element must be closed in order
/// (SVG elements may self-close), `<script>`/`<style>` are raw text, and entities are decoded in text
/// and attribute values. Throws on anything unbalanced, so parsing is the well-formedness check.
struct HTMLDocument {
    /// An element with its attributes, children and direct text.
    final class Element {
        let name: String
        let attributes: [String: String]
        var children: [Element] = []
        var text = ""
        weak var parent: Element?

        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }

        /// This element and all its descendants, depth first.
        var all: [Element] { [self] + children.flatMap(\.all) }

        /// Text of this element and its descendants, concatenated.
        var textContent: String { text + children.map(\.textContent).joined() }

        /// Descendants (and self) named `name` with every attribute in `having` present (any value).
        func find(_ name: String, having: [String] = []) -> [Element] {
            all.filter { element in element.name == name && having.allSatisfy { element.attributes[$0] != nil } }
        }

        /// The descendant with `id`.
        func element(id: String) -> Element? { all.first { $0.attributes["id"] == id } }
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    static let voidElements: Set<String> = ["meta", "link", "br", "img", "input", "hr", "source", "col", "wbr"]

    let root = Element(name: "#document", attributes: [:])
    private(set) var doctype = false

    init(_ html: String) throws {
        let s = Array(html.unicodeScalars)
        var i = 0
        var stack = [root]
        func fail(_ message: String) -> ParseError {
            let line = s[0..<min(i, s.count)].count { $0 == "\n" } + 1
            return ParseError(description: "line \(line): \(message)")
        }
        func starts(_ text: String, at index: Int) -> Bool {
            let t = Array(text.unicodeScalars)
            guard index + t.count <= s.count else { return false }
            return (0..<t.count).allSatisfy { String(s[index + $0]).lowercased() == String(t[$0]).lowercased() }
        }
        while i < s.count {
            if s[i] != "<" {
                var text = ""
                while i < s.count, s[i] != "<" {
                    text.unicodeScalars.append(s[i])
                    i += 1
                }
                if text.contains(">") { throw fail("raw '>' in text") }
                stack.last!.text += try Self.decode(text)
                continue
            }
            if starts("<!--", at: i) {
                while i < s.count, !starts("-->", at: i) { i += 1 }
                i += 3
                continue
            }
            if starts("<!doctype", at: i) {
                doctype = true
                while i < s.count, s[i] != ">" { i += 1 }
                i += 1
                continue
            }
            if starts("</", at: i) {
                i += 2
                var name = ""
                while i < s.count, s[i] != ">" {
                    name.unicodeScalars.append(s[i])
                    i += 1
                }
                i += 1
                name = name.trimmingCharacters(in: .whitespaces).lowercased()
                guard stack.count > 1, stack.last!.name == name else {
                    throw fail("closing </\(name)> does not match <\(stack.last!.name)>")
                }
                stack.removeLast()
                continue
            }
            // Start tag.
            i += 1
            var name = ""
            while i < s.count, !" \n\t/>".unicodeScalars.contains(s[i]) {
                name.unicodeScalars.append(s[i])
                i += 1
            }
            name = name.lowercased()
            guard !name.isEmpty,
                name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" })
            else {
                throw fail("bad tag name '\(name)'")
            }
            var attributes: [String: String] = [:]
            var selfClosing = false
            while true {
                while i < s.count, " \n\t".unicodeScalars.contains(s[i]) { i += 1 }
                guard i < s.count else { throw fail("unterminated <\(name)") }
                if s[i] == ">" {
                    i += 1
                    break
                }
                if s[i] == "/", i + 1 < s.count, s[i + 1] == ">" {
                    selfClosing = true
                    i += 2
                    break
                }
                var key = ""
                while i < s.count, !" \n\t=/>".unicodeScalars.contains(s[i]) {
                    key.unicodeScalars.append(s[i])
                    i += 1
                }
                if key.isEmpty || key.contains("<") || key.contains("\"") { throw fail("bad attribute in <\(name)>") }
                var value = ""
                if i < s.count, s[i] == "=" {
                    i += 1
                    guard i < s.count, s[i] == "\"" || s[i] == "'" else { throw fail("unquoted attribute \(key)") }
                    let quote = s[i]
                    i += 1
                    while i < s.count, s[i] != quote {
                        if s[i] == "<" { throw fail("raw '<' in attribute \(key)") }
                        value.unicodeScalars.append(s[i])
                        i += 1
                    }
                    i += 1
                }
                if attributes[key.lowercased()] != nil { throw fail("duplicate attribute \(key) in <\(name)>") }
                attributes[key.lowercased()] = try Self.decode(value)
            }
            let element = Element(name: name, attributes: attributes)
            element.parent = stack.last
            stack.last!.children.append(element)
            if name == "script" || name == "style" {
                let close = "</\(name)"
                var raw = ""
                while i < s.count, !starts(close, at: i) {
                    raw.unicodeScalars.append(s[i])
                    i += 1
                }
                guard i < s.count else { throw fail("unterminated <\(name)>") }
                element.text = raw
                while i < s.count, s[i] != ">" { i += 1 }
                i += 1
            } else if !selfClosing && !Self.voidElements.contains(name) {
                stack.append(element)
            }
        }
        guard stack.count == 1 else { throw ParseError(description: "unclosed <\(stack.last!.name)>") }
    }

    /// Text with the entities Kiln and Mustache emit decoded; any other `&…;` is an error.
    static func decode(_ text: String) throws -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";") else { throw ParseError(description: "bare '&'") }
            let entity = String(rest[rest.index(after: amp)..<semicolon])
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "#39": out += "'"
            default: throw ParseError(description: "unknown entity &\(entity);")
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return out + rest
    }
}
