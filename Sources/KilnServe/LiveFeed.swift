import Foundation
import KilnPostgres
import Logging
import ServiceLifecycle
import Synchronization

/// What changed in the store: the sweeps touched since the previous change, and a counter that only grows.
package struct StoreChange: Sendable, Equatable {
    /// Sweeps whose runs or metric points changed; empty for a keep-alive tick.
    package var sweepIDs: Set<Int64>
    /// The feed's counter after this change (page caches key on it).
    package var version: Int
    /// Every sweep may have changed (the feed reconnected to the store and missed notifications).
    package var all = false
}

/// Listens on the `kiln_serve` channel (NOTIFY'd by migration 8's triggers, one notification per statement
/// with the ids of the sweeps it touched) on a thread of its own and fans the changes out to the open
/// event streams. A keep-alive tick goes out every `tickSeconds`, so a stream to a vanished browser ends.
package final class LiveFeed: Service, Sendable {
    /// The channel migration 8's triggers notify.
    package static let channel = "kiln_serve"

    private struct State {
        var version = 0
        /// The feed's version at each sweep's latest change.
        var sweepVersions: [Int64: Int] = [:]
        /// The version at the latest (re)connection: changes made while not listening are unknown, so no
        /// sweep's version is older than this.
        var listenVersion = 0
        var subscribers: [Int: AsyncStream<StoreChange>.Continuation] = [:]
        var nextSubscriber = 0
        var stopped = false
        /// Whether the first LISTEN was tried (and succeeded or failed), and who waits for it.
        var started = false
        var startWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let databaseURL: String
    private let logger: Logger
    private let tickSeconds: Double
    private let coalesceSeconds: Double
    private let state = Mutex(State())

    /// A feed of `databaseURL`'s changes, published at most every `coalesceSeconds` (a sweep ingesting
    /// many batches a second makes open pages refresh twice a second, not once per batch), with a
    /// keep-alive tick every `tickSeconds`.
    package init(databaseURL: String, logger: Logger, tickSeconds: Double = 15, coalesceSeconds: Double = 0.5) {
        self.databaseURL = databaseURL
        self.logger = logger
        self.tickSeconds = tickSeconds
        self.coalesceSeconds = coalesceSeconds
    }

    /// The version of `sweepID`'s latest change (0: none seen since start).
    package func version(of sweepID: Int64) -> Int {
        state.withLock { max($0.sweepVersions[sweepID] ?? 0, $0.listenVersion) }
    }

    /// The version of the latest change to any sweep.
    package var version: Int { state.withLock { $0.version } }

    /// A stream of every change from now on; it ends when the feed stops or the consumer goes away.
    package func subscribe() -> AsyncStream<StoreChange> {
        let (stream, continuation) = AsyncStream.makeStream(of: StoreChange.self, bufferingPolicy: .bufferingNewest(64))
        let id: Int? = state.withLock { state in
            guard !state.stopped else { return nil }
            state.nextSubscriber += 1
            state.subscribers[state.nextSubscriber] = continuation
            return state.nextSubscriber
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Listens until graceful shutdown, then ends every stream (so open pages' connections close and
    /// the HTTP server can finish its own shutdown).
    package func run() async throws {
        let thread = Thread { [self] in listen() }
        thread.name = "kiln-serve-listen"
        thread.start()
        try? await gracefulShutdown()
        stop()
    }

    /// Returns once the feed has tried to listen for the first time, so that a page served from then on
    /// misses no change (the server says it is ready only after this).
    package func started() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.started { return true }
                state.startWaiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    private func markStarted() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.started = true
            defer { state.startWaiters = [] }
            return state.startWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Ends every stream; the listening thread exits at its next wake-up.
    package func stop() {
        let subscribers = state.withLock { state in
            state.stopped = true
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    /// The listening loop: reconnects (after a pause) when the connection fails.
    private func listen() {
        var connection: Connection?
        var lastTick = Date(), lastPublished = Date.distantPast
        var waiting: Set<Int64> = []
        while !isStopped {
            do {
                if connection == nil {
                    let fresh = try Connection(url: databaseURL, applicationName: "kiln-serve-listen")
                    try fresh.listen(Self.channel)
                    connection = fresh
                    // Whatever happened while not listening: every page refreshes once.
                    publishReconnection()
                    markStarted()
                }
                let sinceLast = Date().timeIntervalSince(lastPublished)
                let timeout = waiting.isEmpty ? 0.5 : max(0.01, coalesceSeconds - sinceLast)
                let notes = try connection!.waitForNotifications(timeout: timeout)
                waiting.formUnion(notes.flatMap { $0.payload.split(separator: ",").compactMap { Int64($0) } })
                if !waiting.isEmpty, Date().timeIntervalSince(lastPublished) >= coalesceSeconds {
                    publish(sweeps: waiting)
                    waiting = []
                    lastPublished = Date()
                }
                if Date().timeIntervalSince(lastTick) >= tickSeconds {
                    lastTick = Date()
                    broadcast(StoreChange(sweepIDs: [], version: version))
                }
            } catch {
                logger.warning("kiln serve: listening for store changes failed (\(error)); retrying")
                connection = nil
                markStarted()
                Thread.sleep(forTimeInterval: min(tickSeconds, 2))
            }
        }
    }

    /// Bumps the version of `sweeps` and tells the subscribers.
    private func publish(sweeps: Set<Int64>) {
        let change = state.withLock { state -> StoreChange in
            state.version += 1
            for sweep in sweeps { state.sweepVersions[sweep] = state.version }
            return StoreChange(sweepIDs: sweeps, version: state.version)
        }
        broadcast(change)
    }

    /// After (re)connecting: every sweep counts as changed.
    private func publishReconnection() {
        let change = state.withLock { state -> StoreChange in
            state.version += 1
            state.listenVersion = state.version
            return StoreChange(sweepIDs: [], version: state.version, all: true)
        }
        broadcast(change)
    }

    private func broadcast(_ change: StoreChange) {
        let subscribers = state.withLock { Array($0.subscribers.values) }
        for subscriber in subscribers { subscriber.yield(change) }
    }
}
