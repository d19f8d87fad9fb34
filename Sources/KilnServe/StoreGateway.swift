import Dispatch
import KilnPostgres

/// Runs the store's blocking libpq calls off Swift's cooperative pool, each request on a connection of
/// its own (opened and closed per request: a page costs one connection set-up, ~1 ms on loopback).
package struct StoreGateway: Sendable {
    /// The store's PostgreSQL URL.
    package let databaseURL: String

    package init(databaseURL: String) {
        self.databaseURL = databaseURL
    }

    /// `body`'s result, run on a dispatch thread with a fresh connection.
    package func withConnection<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        let url = databaseURL
        return try await blocking { try body(try Connection(url: url, applicationName: "kiln-serve")) }
    }
}

/// `body`'s result, run on a dispatch thread: blocking calls (libpq, sockets) stay off the cooperative pool.
package func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}
