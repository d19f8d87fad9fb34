import Foundation

/// A CSV file parsed per RFC 4180: a header record, then records; fields may be quoted, with `""` for a
/// quote and commas or line breaks inside quotes; CRLF or LF line ends; a UTF-8 byte-order mark is skipped.
package struct CSVTable: Sendable {
    /// One record: its fields and the 1-based line it starts on.
    package struct Record: Sendable {
        /// The fields, unquoted.
        package var fields: [String]
        /// The line the record starts on (the header is line 1).
        package var line: Int
    }

    /// Where the text came from, for messages.
    package let source: String
    /// Column names, trimmed of surrounding spaces.
    package let header: [String]
    /// The records after the header (blank lines skipped).
    package let records: [Record]

    /// Parses `text`; `source` names it in errors. Works on the UTF-8 bytes (the delimiters are ASCII, and no byte of
    /// a multi-byte character is), so a 300,000-row log parses in a fraction of a second.
    package init(text: String, source: String) throws {
        var records: [Record] = []
        var fields: [String] = [], field: [UInt8] = [], line = 1, recordLine = 1
        var quoted = false, wasQuoted = false, atFieldStart = true
        let bytes = Array(text.utf8)
        let (quote, comma, cr, lf): (UInt8, UInt8, UInt8, UInt8) = (0x22, 0x2C, 0x0D, 0x0A)
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0  // a byte-order mark
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty && !wasQuoted) {
                records.append(Record(fields: fields, line: recordLine))
            }
            fields = []; wasQuoted = false; atFieldStart = true
        }
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if quoted {
                if c == quote {
                    if i < bytes.count && bytes[i] == quote { field.append(quote); i += 1 } else { quoted = false }
                } else {
                    if c == lf { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case quote where atFieldStart:
                quoted = true; wasQuoted = true; atFieldStart = false
            case comma:
                endField(); atFieldStart = true
            case cr:
                if i < bytes.count && bytes[i] == lf { i += 1 }
                endRecord(); line += 1; recordLine = line
            case lf:
                endRecord(); line += 1; recordLine = line
            default:
                field.append(c); atFieldStart = false
            }
        }
        if quoted { throw FitError(.unterminatedQuote, source: source, line: recordLine) }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        guard let first = records.first else { throw FitError(.empty, source: source) }
        self.source = source
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        self.records = Array(records.dropFirst())
        for record in self.records where record.fields.count != header.count {
            throw FitError(
                .fieldCount(expected: header.count, found: record.fields.count), source: source, line: record.line)
        }
    }

    /// Reads and parses the file at `path`; errors name the file by its last path component.
    package init(contentsOfFile path: String) throws {
        let name = (path as NSString).lastPathComponent
        guard FileManager.default.fileExists(atPath: path) else { throw FitError(.unfit("no such file"), source: path) }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw FitError(.unfit("cannot read \(path): \(error.localizedDescription)"), source: name)
        }
        try self.init(text: text, source: name)
    }

    /// The index of column `name`, or an error listing the columns there are.
    package func column(_ name: String) throws -> Int {
        guard let index = header.firstIndex(of: name) else {
            throw FitError(.missingColumn(name, available: header), source: source)
        }
        return index
    }

    /// Field `column` of `record` as a positive finite number, or an error naming the line and column.
    package func positive(_ record: Record, _ column: Int) throws -> Double {
        let text = Self.trimmed(record.fields[column])
        guard let value = Double(text), value.isFinite, value > 0 else {
            throw FitError(.notPositive(column: header[column], text: text), source: source, line: record.line)
        }
        return value
    }

    /// Field `column` of `record` as a whole number, or an error naming the line and column.
    package func integer(_ record: Record, _ column: Int) throws -> Int {
        let text = Self.trimmed(record.fields[column])
        if let value = Int(text) { return value }
        if let value = Double(text), value.isFinite, value == value.rounded(), abs(value) < 1e15 { return Int(value) }
        throw FitError(.notAnInteger(column: header[column], text: text), source: source, line: record.line)
    }

    /// Field `column` of `record`, trimmed.
    package func text(_ record: Record, _ column: Int) -> String {
        Self.trimmed(record.fields[column])
    }

    /// `text` without surrounding whitespace; a field that starts and ends with a visible ASCII character (every
    /// number) is returned as it is, without Foundation's scan.
    private static func trimmed(_ text: String) -> String {
        if let first = text.utf8.first, let last = text.utf8.last,
            first > 0x20 && first < 0x80 && last > 0x20 && last < 0x80
        {
            return text
        }
        return text.trimmingCharacters(in: .whitespaces)
    }
}
