/// An RFC 4180 reader for the tests: quoted fields may hold commas, quotes (doubled) and line breaks;
/// records end in CRLF (a lone LF is accepted). Throws on a quote in an unquoted field or an unclosed quote.
enum CSVReader {
    struct ParseError: Error {
        var record: Int
    }

    static func records(_ text: String) throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var afterQuote = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending {
                pending = nil
                return scalar
            }
            return scalars.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    let following = next()
                    if following == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                        afterQuote = true
                        pending = following
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty, !afterQuote else { throw ParseError(record: records.count) }
                quoted = true
            case ",":
                record.append(field)
                field = ""
                afterQuote = false
            case "\r":
                let following = next()
                guard following == "\n" else { throw ParseError(record: records.count) }
                fallthrough
            case "\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
                afterQuote = false
            default:
                guard !afterQuote else { throw ParseError(record: records.count) }
                field.unicodeScalars.append(c)
            }
        }
        guard !quoted else { throw ParseError(record: records.count) }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}
