import Foundation
import KilnPostgres
import KilnStore
import Logging
import Synchronization

/// Shows a sweep's progress while local workers run it: on a terminal the live block is redrawn in
/// place with ANSI escapes; otherwise each state change prints one line. Runs on its own thread.
package final class ProgressDisplay: Sendable {
    private let settings: SchedulerSettings
    private let sweepID: Int64
    private let name: String
    private let board: ProgressBoard
    private let stopped = Mutex(false)
    private let done = DispatchSemaphore(value: 0)

    /// A display of sweep `sweepID` (shown as `name`) fed by `board`.
    package init(settings: SchedulerSettings, sweepID: Int64, name: String, board: ProgressBoard) {
        self.settings = settings
        self.sweepID = sweepID
        self.name = name
        self.board = board
    }

    /// Starts drawing.
    package func start() {
        Thread.detachNewThread { [self] in
            loop()
            done.signal()
        }
    }

    /// Draws the final state and stops.
    package func stop() {
        stopped.withLock { $0 = true }
        done.wait()
    }

    private func loop() {
        let terminal = isatty(STDOUT_FILENO) == 1
        let renderer = ProgressRenderer()
        var connection: Connection?
        var drawn = 0
        var progress = SweepProgress()
        var first: (finished: Int, time: Date)?
        var failures = FailureStreak(logger: settings.logger)
        let metadata: Logger.Metadata = ["sweep": "\(name)"]
        while true {
            let last = stopped.withLock { $0 }
            do {
                progress = try fetch(&connection)
                failures.succeeded(metadata: metadata)
            } catch {
                failures.failed("progress", error, metadata: metadata, next: "showing the last progress read")
            }
            if first == nil { first = (progress.finished, Date()) }
            let elapsed = Date().timeIntervalSince(first!.time)
            let rate = elapsed > 1 ? Double(progress.finished - first!.finished) / elapsed : nil
            let events = board.takeEvents()
            if terminal {
                var text = drawn > 0 ? "\u{1B}[\(drawn)F\u{1B}[J" : ""
                for event in events where event.status != .running { text += renderer.line(for: event) + "\n" }
                let block = renderer.lines(
                    sweep: name, progress: progress, active: last ? [] : board.active, rate: rate)
                text += block.joined(separator: "\n") + "\n"
                drawn = block.count
                FileHandle.standardOutput.write(Data(text.utf8))
            } else {
                let text =
                    events.map { renderer.line(for: $0) + "\n" }.joined()
                    + (last
                        ? renderer.lines(sweep: name, progress: progress, active: [], rate: nil).joined(separator: "\n")
                            + "\n" : "")
                if !text.isEmpty { FileHandle.standardOutput.write(Data(text.utf8)) }
            }
            if last { return }
            Thread.sleep(forTimeInterval: terminal ? 0.5 : 0.25)
        }
    }

    private func fetch(_ connection: inout Connection?) throws -> SweepProgress {
        if connection == nil {
            connection = try Connection(url: settings.databaseURL, applicationName: "kiln progress")
        }
        return try RunStore(connection: connection!).progress(sweepID: sweepID)
    }
}
