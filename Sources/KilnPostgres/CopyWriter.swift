import CLibPQ

/// Builds rows of COPY's text format into a reused byte buffer and sends it in chunks.
/// Fields are separated with `field…` calls and rows closed with `endRow()`.
package struct CopyWriter: ~Copyable {
    private let connection: Connection
    private var buffer: [UInt8] = []
    private var fieldsInRow = 0
    /// Bytes gathered before a chunk goes to the server.
    private let chunkSize = 256 * 1024

    init(connection: Connection) {
        self.connection = connection
        buffer.reserveCapacity(chunkSize + 4096)
    }

    /// Appends an integer field.
    package mutating func field(_ value: Int) {
        separate()
        appendDigits(value)
    }

    private mutating func appendDigits(_ value: Int) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { raw in
            repeat {
                raw[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for i in stride(from: count - 1, through: 0, by: -1) { buffer.append(raw[i]) }
        }
    }

    /// Appends a float field; NaN and the infinities in PostgreSQL's spelling.
    package mutating func field(_ value: Double) {
        separate()
        if value.isNaN {
            buffer.append(contentsOf: "NaN".utf8)
        } else if value.isInfinite {
            buffer.append(contentsOf: (value > 0 ? "Infinity" : "-Infinity").utf8)
        } else if value == value.rounded(), abs(value) < 1e15 {
            // Whole numbers: integer digits are exact and far cheaper than the shortest-float algorithm.
            appendDigits(Int(value))
        } else {
            var text = value.description
            text.withUTF8 { buffer.append(contentsOf: $0) }
        }
    }

    /// Appends a text field, escaping backslash, tab, newline and carriage return.
    package mutating func field(_ value: String) {
        separate()
        var text = value
        text.withUTF8 { bytes in
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case UInt8(ascii: "\t"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case UInt8(ascii: "\n"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                default: buffer.append(byte)
                }
            }
        }
    }

    /// Appends SQL NULL.
    package mutating func null() {
        separate()
        buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
    }

    /// Ends the current row; sends a chunk when the buffer is full.
    package mutating func endRow() throws {
        buffer.append(UInt8(ascii: "\n"))
        fieldsInRow = 0
        if buffer.count >= chunkSize { try flush() }
    }

    /// Sends what is buffered.
    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        let sent = buffer.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                PQputCopyData(connection.rawHandle, $0.baseAddress, Int32($0.count))
            }
        }
        guard sent == 1 else {
            throw PostgresError(connection.isConnected ? .server : .connectionLost, message: connection.errorMessage())
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func separate() {
        if fieldsInRow > 0 { buffer.append(UInt8(ascii: "\t")) }
        fieldsInRow += 1
    }
}

extension Connection {
    /// Runs `COPY … FROM STDIN` (`sql`) and streams the rows that `rows` writes; returns the row count.
    /// On a thrown error the COPY is aborted and nothing is stored.
    @discardableResult
    package func copyIn(_ sql: String, rows: (inout CopyWriter) throws -> Void) throws -> Int {
        try ensureConnected()
        let start = PQexec(rawHandle, sql)
        defer { PQclear(start) }
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            try check(start, sql: sql)
            throw PostgresError(.usage, message: "not a COPY FROM STDIN statement", query: sql)
        }
        var writer = CopyWriter(connection: self)
        var failure: (any Error)?
        do {
            try rows(&writer)
            try writer.flush()
        } catch {
            failure = error
        }
        _ = PQputCopyEnd(rawHandle, failure == nil ? nil : "aborted by client")
        var count = 0
        var serverError: (any Error)?
        while let result = PQgetResult(rawHandle) {
            do {
                try check(result, sql: sql)
                count += Int(String(cString: PQcmdTuples(result))) ?? 0
            } catch {
                serverError = serverError ?? error
            }
            PQclear(result)
        }
        if let failure { throw failure }
        if let serverError { throw serverError }
        return count
    }
}
