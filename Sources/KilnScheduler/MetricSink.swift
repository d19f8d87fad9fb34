import Foundation
import KilnPostgres
import KilnStore
import Logging
import Synchronization

/// Streams metric points and checkpoint records into PostgreSQL from its own thread and connection,
/// in batches (every `batchSize` points or `flushSeconds`). While the database is away it keeps
/// everything buffered and retries with backoff (each failure logged with the runs of the batch,
/// operation `ingest`), so no point is lost. Items are written in order:
/// a checkpoint is recorded only after every point reported before it is stored, so a run resumed
/// from that checkpoint never misses a point. A batch the server refuses for its content
/// (`PostgresError.Recovery.refusedData`) is never retried as it is: it is halved until the refused points
/// stand alone, every other point is stored, and the refused ones are kept as rejections of their
/// run (`takeRejections(runID:)`).
///
/// The worker thread adds and the sink's thread writes; their shared state is one `Mutex`, never held
/// across a database round trip, and each side wakes the other with a semaphore.
final class MetricSink: Sendable {
    enum Item: Sendable {
        case points([MetricPoint])
        case checkpoint(runID: Int64, step: Int, path: String)
    }

    /// What the worker thread and the sink's thread share.
    private struct State {
        var items: [Item] = []
        var bufferedPoints = 0
        var firstBufferedAt: Date?
        var flushRequested = false
        var stopped = false
        /// Set when a drain gave up: nothing waits for the buffered items any more.
        var abandoned = false
        /// Points and checkpoints the server refused, by run: how many, and the first notes saying why.
        var rejections: [Int64: (count: Int, notes: [String])] = [:]
        /// Drains waiting for the next batch to be stored; signalled (and removed) after each write.
        var drainWaiters: [DispatchSemaphore] = []

        /// Whether the buffered items are to be written now.
        func isDue(_ settings: SchedulerSettings) -> Bool {
            guard !items.isEmpty else { return false }
            if flushRequested || bufferedPoints >= settings.batchSize { return true }
            guard let first = firstBufferedAt else { return false }
            return Date().timeIntervalSince(first) >= settings.flushSeconds
        }
    }

    /// What the sink's thread does next.
    private enum Step {
        case exit
        case write([Item])
        /// Sleep until woken, or until this time (when the oldest buffered point is due).
        case sleep(until: Date?)
    }

    private let state = Mutex(State())
    /// Wakes the sink's thread: signalled when the buffer gets its first item, when a write becomes due
    /// (a full batch, a checkpoint, a drain) and on `stop()`. A spare signal costs one look at the state.
    private let wake = DispatchSemaphore(value: 0)
    private let settings: SchedulerSettings
    /// Notes kept per run; further rejections are only counted.
    static let rejectionNotes = 20

    /// Starts the sink's thread; it connects to `settings.databaseURL` on its own.
    init(settings: SchedulerSettings) {
        self.settings = settings
        // The thread keeps the sink alive until `stop()` ends its loop: with an unowned capture, a sink
        // stopped and released before the thread first ran (a worker with nothing to do) crashed it.
        let thread = Thread { [self] in self.loop() }
        thread.name = "kiln metric sink"
        thread.start()
    }

    /// Buffers points; they are written within `flushSeconds`.
    func add(_ points: [MetricPoint]) {
        guard !points.isEmpty else { return }
        let wakeSink = state.withLock { state in
            let wasEmpty = state.items.isEmpty
            state.items.append(.points(points))
            state.bufferedPoints += points.count
            if state.firstBufferedAt == nil { state.firstBufferedAt = Date() }
            return wasEmpty || state.bufferedPoints >= settings.batchSize
        }
        if wakeSink { wake.signal() }
    }

    /// Records a checkpoint once every point before it is stored.
    func checkpoint(runID: Int64, step: Int, path: String) {
        state.withLock { state in
            state.items.append(.checkpoint(runID: runID, step: step, path: path))
            state.flushRequested = true
        }
        wake.signal()
    }

    /// Blocks until everything added so far is stored, or until `givingUp()` holds (checked every
    /// half second; the worker was interrupted while the database is away). Returns how many points
    /// and checkpoints were left unstored: 0, or, after giving up, those the sink then drops when
    /// stopped. Dropping loses nothing: a checkpoint is recorded only after the points before it, so
    /// the next attempt resumes from a stored checkpoint and reports the dropped steps again.
    @discardableResult
    func drain(givingUpWhen givingUp: () -> Bool = { false }) -> Int {
        let stored = DispatchSemaphore(value: 0)
        state.withLock { $0.flushRequested = true }
        wake.signal()
        while true {
            let waiting = state.withLock { state in
                guard !state.items.isEmpty && !state.abandoned else { return false }
                if !state.drainWaiters.contains(where: { $0 === stored }) { state.drainWaiters.append(stored) }
                return true
            }
            guard waiting else { break }
            if givingUp() {
                state.withLock { $0.abandoned = true }
                break
            }
            _ = stored.wait(timeout: .now() + 0.5)
        }
        return state.withLock { Self.count($0.items) }
    }

    /// Points and checkpoints in `items`.
    private static func count(_ items: [Item]) -> Int {
        items.reduce(0) { if case .points(let p) = $1 { $0 + p.count } else { $0 + 1 } }
    }

    /// The runs of `batch` for a log line: `runs`, their ids in order, comma-separated.
    private static func logMetadata(_ batch: [Item]) -> Logger.Metadata {
        let ids = batch.flatMap { item -> [Int64] in
            switch item {
            case .points(let points): points.map(\.runID)
            case .checkpoint(let runID, _, _): [runID]
            }
        }
        return ["runs": "\(Set(ids).sorted().map(String.init).joined(separator: ","))"]
    }

    /// Removes and returns what the server refused of `runID`'s points and checkpoints since the last
    /// call: how many, and up to `rejectionNotes` notes saying which and why.
    func takeRejections(runID: Int64) -> (count: Int, notes: [String]) {
        state.withLock { $0.rejections.removeValue(forKey: runID) ?? (0, []) }
    }

    /// Stops the thread after draining.
    func stop() {
        drain()
        state.withLock { $0.stopped = true }
        wake.signal()
    }

    private func loop() {
        var connection: Connection?
        var backoff = 0.1
        var failures = FailureStreak(logger: settings.logger)
        while true {
            let next = state.withLock { state -> Step in
                if state.stopped && (state.items.isEmpty || state.abandoned) { return .exit }
                if state.stopped || state.isDue(settings) { return .write(state.items) }
                return .sleep(until: state.firstBufferedAt.map { $0.addingTimeInterval(settings.flushSeconds) })
            }
            let batch: [Item]
            switch next {
            case .exit:
                return
            case .sleep(let deadline?):
                _ = wake.wait(timeout: .now() + max(0, deadline.timeIntervalSinceNow))
                continue
            case .sleep(nil):
                wake.wait()
                continue
            case .write(let items):
                batch = items
            }
            do {
                if connection == nil {
                    connection = try Connection(url: settings.databaseURL, applicationName: "kiln metrics")
                }
                try write(batch, connection: connection!)
                failures.succeeded(metadata: Self.logMetadata(batch))
                backoff = 0.1
                let drains = state.withLock { state in
                    state.items.removeFirst(batch.count)
                    state.bufferedPoints = state.items.reduce(0) {
                        if case .points(let p) = $1 { $0 + p.count } else { $0 }
                    }
                    state.firstBufferedAt = state.items.isEmpty ? nil : state.firstBufferedAt
                    if state.items.isEmpty { state.flushRequested = false }
                    defer { state.drainWaiters.removeAll() }
                    return state.drainWaiters
                }
                drains.forEach { $0.signal() }
            } catch {
                let next = "retrying in \(backoff) s with \(Self.count(batch)) points and checkpoints kept"
                if failures.failed("ingest", error, metadata: Self.logMetadata(batch), next: next) == .reconnect {
                    connection = nil
                }
                Thread.sleep(forTimeInterval: backoff)
                backoff = min(backoff * 2, 2)
            }
        }
    }

    /// Writes `batch` in order: consecutive points in one idempotent ingest, then each checkpoint.
    /// Throws only errors worth retrying the whole batch for; what the server refuses for its
    /// content is set aside as rejections.
    private func write(_ batch: [Item], connection: Connection) throws {
        let metrics = MetricStore(connection: connection)
        let checkpoints = CheckpointStore(connection: connection)
        var pending: [MetricPoint] = []
        for item in batch {
            switch item {
            case .points(let points):
                pending.append(contentsOf: points)
            case .checkpoint(let runID, let step, let path):
                try ingest(pending, into: metrics)
                pending.removeAll()
                do {
                    try checkpoints.record(runID: runID, step: step, path: path)
                } catch let error as PostgresError where error.recovery == .refusedData {
                    reject(runID: runID, "the checkpoint of step \(step) was not recorded: \(error.message)")
                }
            }
        }
        try ingest(pending, into: metrics)
    }

    /// Stores `points`; when the server refuses them for their content, stores each half on its own,
    /// down to single points, so only the refused points are left out.
    private func ingest(_ points: [MetricPoint], into store: MetricStore) throws {
        guard !points.isEmpty else { return }
        do {
            try store.ingest(points)
        } catch let error as PostgresError where error.recovery == .refusedData {
            guard points.count > 1 else {
                let point = points[0]
                let name = point.name.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}").prefix(100)
                reject(
                    runID: point.runID,
                    "the database refused the point of metric '\(name)' at step \(point.step): \(error.message)")
                return
            }
            try ingest(Array(points[..<(points.count / 2)]), into: store)
            try ingest(Array(points[(points.count / 2)...]), into: store)
        }
    }

    /// Keeps `note` as a rejection of `runID` (the first `rejectionNotes` are also logged as errors).
    private func reject(runID: Int64, _ note: String) {
        let kept = state.withLock { state in
            var entry = state.rejections[runID] ?? (0, [])
            entry.count += 1
            let kept = entry.notes.count < Self.rejectionNotes
            if kept { entry.notes.append(note) }
            state.rejections[runID] = entry
            return kept
        }
        if kept { settings.logger.error("\(note)", metadata: ["operation": "ingest", "run": "\(runID)"]) }
    }
}
