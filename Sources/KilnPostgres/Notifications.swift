import CLibPQ
import Foundation

/// A notification received on a `LISTEN`ed channel.
package struct Notification: Sendable, Equatable {
    package var channel: String
    package var payload: String

    package init(channel: String, payload: String) {
        self.channel = channel
        self.payload = payload
    }
}

extension Connection {
    /// Subscribes this session to `channel` (again after every reconnect).
    package func listen(_ channel: String) throws {
        let quoted = "\"" + channel.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        try onEverySession { try $0.execute("LISTEN \(quoted)") }
    }

    /// Sends `payload` on `channel` (delivered at commit).
    package func notify(_ channel: String, payload: String) throws {
        try query("SELECT pg_notify($1, $2)", [channel, payload])
    }

    /// Waits up to `timeout` seconds for notifications and returns those that arrived (possibly none).
    /// Blocks the calling thread: call it from a dedicated thread, not the cooperative pool.
    package func waitForNotifications(timeout: Double) throws -> [Notification] {
        try ensureConnected()
        var received = drainNotifications()
        if !received.isEmpty { return received }
        var descriptor = pollfd(fd: PQsocket(rawHandle), events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(max(0, timeout * 1000)))
        if ready > 0 {
            guard PQconsumeInput(rawHandle) == 1 else {
                throw PostgresError(.connectionLost, message: errorMessage())
            }
            received = drainNotifications()
        }
        return received
    }

    private func drainNotifications() -> [Notification] {
        var received: [Notification] = []
        while let raw = PQnotifies(rawHandle) {
            let note = raw.pointee
            received.append(Notification(channel: String(cString: note.relname), payload: String(cString: note.extra)))
            PQfreemem(raw)
        }
        return received
    }
}
