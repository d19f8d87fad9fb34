import Dispatch
import Foundation

/// A minimal, blocking HTTP/1.1 client over a loopback socket, timing the first byte and the whole
/// response: `kiln bench serve` measures with it, and the tests use it to control every header (Host,
/// Origin, Sec-Fetch-Site, Cookie) and to read a server-sent-event stream as it arrives.
package struct HTTPProbe: Sendable {
    package let port: Int

    package init(port: Int) {
        self.port = port
    }

    /// A complete response, with its timing.
    package struct Response: Sendable {
        package var status: Int
        package var headers: [(name: String, value: String)]
        package var body: String
        /// Seconds from sending the request to the first byte of the response.
        package var firstByteSeconds: Double
        /// Seconds from sending the request to the end of the response.
        package var totalSeconds: Double

        /// The first header called `name` (case-insensitive).
        package func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    /// What went wrong talking to the server.
    package struct Failure: Error, CustomStringConvertible {
        package var description: String

        package init(description: String) {
            self.description = description
        }
    }

    /// Sends one request (`Connection: close`) and reads the whole response.
    package func send(
        _ method: String = "GET", _ path: String, headers: [String: String] = [:], body: String? = nil,
        host: String? = nil
    ) throws -> Response {
        let socket = try Self.connect(port: port)
        defer { close(socket) }
        let start = DispatchTime.now()
        try Self.write(socket, Self.request(method, path, port: port, headers: headers, body: body, host: host))
        var data = Data()
        var firstByte: DispatchTime?
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(socket, &buffer, buffer.count)
            if count < 0 { throw Failure(description: "reading from 127.0.0.1:\(port) failed: errno \(errno)") }
            if count == 0 { break }
            firstByte = firstByte ?? DispatchTime.now()
            data.append(contentsOf: buffer[0..<count])
        }
        let end = DispatchTime.now()
        var response = try Self.parse(data)
        response.firstByteSeconds = Double((firstByte ?? end).uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        response.totalSeconds = Double(end.uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return response
    }

    static func request(
        _ method: String, _ path: String, port: Int, headers: [String: String], body: String?, host: String?
    ) -> String {
        var lines = ["\(method) \(path) HTTP/1.1", "Host: \(host ?? "127.0.0.1:\(port)")", "Connection: close"]
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { lines.append("\(name): \(value)") }
        if let body {
            lines.append("Content-Type: application/x-www-form-urlencoded")
            lines.append("Content-Length: \(body.utf8.count)")
        }
        return lines.joined(separator: "\r\n") + "\r\n\r\n" + (body ?? "")
    }

    static func connect(port: Int) throws -> Int32 {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Foundation.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(socket)
            throw Failure(description: "connect to 127.0.0.1:\(port): errno \(errno)")
        }
        return socket
    }

    static func write(_ socket: Int32, _ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Foundation.write(socket, $0.baseAddress, $0.count) }
            guard count > 0 else { throw Failure(description: "write failed: errno \(errno)") }
            sent += count
        }
    }

    static func parse(_ data: Data) throws -> Response {
        guard let split = data.range(of: Data("\r\n\r\n".utf8)) else {
            throw Failure(description: "no header end in \(String(decoding: data, as: UTF8.self))")
        }
        let head = String(decoding: data[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(head[0].split(separator: " ")[1]) ?? 0
        let headers = head.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var body = Data(data[split.upperBound...])
        if headers.contains(where: { $0.0.lowercased() == "transfer-encoding" && $0.1.contains("chunked") }) {
            body = dechunk(body)
        }
        return Response(
            status: status, headers: headers, body: String(decoding: body, as: UTF8.self), firstByteSeconds: 0,
            totalSeconds: 0)
    }

    static func dechunk(_ data: Data) -> Data {
        var out = Data(), rest = data[...]
        while let line = rest.range(of: Data("\r\n".utf8)),
            let size = Int(String(decoding: rest[..<line.lowerBound], as: UTF8.self), radix: 16), size > 0
        {
            let start = line.upperBound
            out.append(rest[start..<min(rest.endIndex, start + size)])
            rest = rest[min(rest.endIndex, start + size + 2)...]
        }
        return out
    }
}

/// An open server-sent-event stream: what arrived so far, read on demand with a deadline.
package final class EventStreamReader {
    private let socket: Int32
    /// Everything received so far, headers included.
    package private(set) var received = ""

    /// Opens `GET path` on 127.0.0.1:`port`.
    package init(port: Int, path: String, headers: [String: String] = [:]) throws {
        socket = try HTTPProbe.connect(port: port)
        try HTTPProbe.write(socket, HTTPProbe.request("GET", path, port: port, headers: headers, body: nil, host: nil))
    }

    deinit { close(socket) }

    /// Reads until `received` contains `text` `times` times or `seconds` pass; returns whether it did.
    package func waitFor(_ text: String, times: Int = 1, seconds: Double = 30) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while received.components(separatedBy: text).count - 1 < times {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return false }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32(left * 1000)) > 0 else { return false }
            let count = read(socket, &buffer, buffer.count)
            guard count > 0 else { return false }
            received += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        return true
    }
}
