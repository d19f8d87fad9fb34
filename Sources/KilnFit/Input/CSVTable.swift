import Foundation

/// A CSV file parsed per RFC 4180: a header record, then records; fields may be quoted, with `""` for a
/// quote and commas or line breaks inside quotes; CRLF or LF line ends; a UTF-8 byte-order mark is skipped.
public struct CSVTable: Sendable {
    /// One record: its fields and the 1-based line it starts on.
    public struct Record: Sendable {
        /// The fields, unquoted.
        public var fields: [String]
        /// The line the record starts on (the header is line 1).
        public var line: Int
    }

    /// Where the text came from, for messages.
    public let source: String
    /// Column names, trimmed of surrounding spaces.
    public let header: [String]
    /// The records after the header (blank lines skipped).
    public let records: [Record]

    /// Parses `text`; `source` names it in errors.
    public init(text: String, source: String) throws {
        var records: [Record] = []
        var fields: [String] = [], field = "", line = 1, recordLine = 1
        var quoted = false, wasQuoted = false, atFieldStart = true
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !wasQuoted) { records.append(Record(fields: fields, line: recordLine)) }
            fields = []; field = ""; wasQuoted = false; atFieldStart = true
        }
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    let next = iterator.next()
                    if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = next }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where atFieldStart:
                quoted = true; wasQuoted = true; atFieldStart = false
            case ",":
                fields.append(field); field = ""; atFieldStart = true
            case "\r":
                let next = iterator.next()
                if next != "\n" { pending = next }
                endRecord(); line += 1; recordLine = line
            case "\n":
                endRecord(); line += 1; recordLine = line
            default:
                field.unicodeScalars.append(c); atFieldStart = false
            }
        }
        if quoted { throw FitError(.unterminatedQuote, source: source, line: recordLine) }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        guard let first = records.first else { throw FitError(.empty, source: source) }
        self.source = source
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        self.records = Array(records.dropFirst())
        for record in self.records where record.fields.count != header.count {
            throw FitError(.fieldCount(expected: header.count, found: record.fields.count), source: source, line: record.line)
        }
    }

    /// Reads and parses the file at `path`; errors name the file by its last path component.
    public init(contentsOfFile path: String) throws {
        let name = (path as NSString).lastPathComponent
        guard FileManager.default.fileExists(atPath: path) else { throw FitError(.unfit("no such file"), source: path) }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw FitError(.unfit("cannot read \(path): \(error.localizedDescription)"), source: name)
        }
        try self.init(text: text, source: name)
    }

    /// The index of column `name`, or an error listing the columns there are.
    public func column(_ name: String) throws -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw FitError(.missingColumn(name, available: header), source: source)
        }
        return index
    }

    /// Field `column` of `record` as a positive finite number, or an error naming the line and column.
    public func positive(_ record: Record, _ column: Int) throws -> Double {
        let text = record.fields[column].trimmingCharacters(in: .whitespaces)
        guard let value = Double(text), value.isFinite, value > 0 else {
            throw FitError(.notPositive(column: header[column], text: text), source: source, line: record.line)
        }
        return value
    }

    /// Field `column` of `record` as a whole number, or an error naming the line and column.
    public func integer(_ record: Record, _ column: Int) throws -> Int {
        let text = record.fields[column].trimmingCharacters(in: .whitespaces)
        if let value = Int(text) { return value }
        if let value = Double(text), value.isFinite, value == value.rounded(), abs(value) < 1e15 { return Int(value) }
        throw FitError(.notAnInteger(column: header[column], text: text), source: source, line: record.line)
    }

    /// Field `column` of `record`, trimmed.
    public func text(_ record: Record, _ column: Int) -> String {
        record.fields[column].trimmingCharacters(in: .whitespaces)
    }
}
