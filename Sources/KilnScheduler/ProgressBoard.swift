import Foundation
import KilnStore
import Synchronization

/// What this machine's workers are doing, for the live display of `kiln run`.
package final class ProgressBoard: Sendable {
    /// One run being trained here.
    package struct ActiveRun: Sendable, Hashable {
        /// Numeric run id.
        package var id: Int64
        /// Plan id of the run.
        package var name: String
        /// Attempt number (1-based).
        package var attempt: Int
        /// Latest step reported.
        package var step: Int?
        /// Steps of the whole run, from the plan or the trainer's start event.
        package var totalSteps: Int?
        /// Latest training loss.
        package var loss: Double?
        /// Throughput of this attempt.
        package var tokensPerSecond: Double?
        /// Seconds since 1970.
        package var startedAt: Double
    }

    /// A state change worth a line in a log (when stdout is not a terminal).
    package struct Event: Sendable, Hashable {
        /// Plan id of the run.
        package var runName: String
        package var attempt: Int
        /// `running` when it started, the final or next state when the attempt ended.
        package var status: RunStatus
        /// Why it failed, was cancelled or retried.
        package var detail: String?
        /// Seconds the attempt took (0 when it started).
        package var seconds: Double
    }

    private struct State {
        var active: [Int64: ActiveRun] = [:]
        var events: [Event] = []
    }

    private let state = Mutex(State())

    /// An empty board.
    package init() {}

    func started(_ run: RunRecord) {
        state.withLock {
            $0.active[run.id] = ActiveRun(
                id: run.id, name: run.name, attempt: run.attempt, totalSteps: run.totalSteps,
                startedAt: Date().timeIntervalSince1970)
            $0.events.append(Event(runName: run.name, attempt: run.attempt, status: .running, seconds: 0))
        }
    }

    func update(_ runID: Int64, totalSteps: Int? = nil, progress: RunProgress? = nil) {
        state.withLock {
            guard var run = $0.active[runID] else { return }
            if let totalSteps { run.totalSteps = totalSteps }
            if let progress {
                run.step = progress.step ?? run.step
                run.loss = progress.loss ?? run.loss
                run.tokensPerSecond = progress.tokensPerSecond ?? run.tokensPerSecond
            }
            $0.active[runID] = run
        }
    }

    func finished(_ run: RunRecord, status: RunStatus, detail: String?) {
        state.withLock {
            let started = $0.active.removeValue(forKey: run.id)?.startedAt ?? Date().timeIntervalSince1970
            $0.events.append(
                Event(
                    runName: run.name, attempt: run.attempt, status: status, detail: detail,
                    seconds: Date().timeIntervalSince1970 - started))
        }
    }

    /// The runs in progress, by id.
    package var active: [ActiveRun] { state.withLock { $0.active.values.sorted { $0.id < $1.id } } }

    /// Events since the last call.
    package func takeEvents() -> [Event] {
        state.withLock { state in
            defer { state.events.removeAll() }
            return state.events
        }
    }
}
