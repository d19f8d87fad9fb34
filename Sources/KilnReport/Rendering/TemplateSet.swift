import Foundation
import KilnTemplates
import Mustache

/// The report's Mustache templates, stylesheet and script, read from `templates/html/`.
struct TemplateSet: Sendable {
    /// Every `*.mustache` file, registered under its path without the extension (`report`, `partials/figure`).
    var library: MustacheLibrary
    /// `report.css`, inlined into every page.
    var stylesheet: String
    /// `report.js`, inlined into every page.
    var script: String

    /// The templates shipped with the build, read and parsed once per process (`kiln serve` renders a page
    /// on every change of a sweep).
    static let shipped = Result { try load() }

    /// The templates in `directory` (default: the folder shipped with the build).
    static func load(from directory: URL? = Templates.directory) throws -> TemplateSet {
        guard let directory else { throw ReportError(.templatesMissing) }
        var library = MustacheLibrary()
        let files = FileManager.default.enumerator(atPath: directory.path)?.compactMap { $0 as? String } ?? []
        for file in files.sorted() where file.hasSuffix(".mustache") {
            let text = try read(directory.appendingPathComponent(file))
            do {
                try library.register(text, named: String(file.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                throw ReportError(
                    .invalidTemplate(
                        file: directory.appendingPathComponent(file).path, line: error.context.lineNumber,
                        column: error.context.columnNumber, message: "\(error.error)"))
            }
        }
        return TemplateSet(
            library: library, stylesheet: try read(directory.appendingPathComponent("report.css")),
            script: try read(directory.appendingPathComponent("report.js")))
    }

    /// `context` rendered with the template `name`.
    func render(_ context: Any, template name: String) throws -> String {
        guard let output = library.render(context, withTemplate: name) else {
            throw ReportError(.templateNotFound(name: name))
        }
        return output
    }

    private static func read(_ url: URL) throws -> String {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ReportError(.unreadable(file: url.path))
        }
        return String(decoding: data, as: UTF8.self)
    }
}
