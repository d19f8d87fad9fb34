import Foundation
import KilnProtocol
import KilnStore

/// Reads a trainer's stdout: protocol lines become metric points, checkpoints and progress; every
/// line goes to the log; a malformed line is counted and logged, never fatal. A non-finite loss
/// stops the run as diverged.
struct OutputReader {
    let run: RunRecord
    /// The trainer's working directory, against which relative checkpoint paths are resolved.
    let directory: String
    let sink: MetricSink
    let log: RunLog
    let attempt: ActiveAttempt
    let board: ProgressBoard?
    private(set) var malformedLines = 0
    /// The message of the trainer's last `error` event.
    private(set) var errorMessage: String?
    /// Whether the trainer wrote `done`: without it, even exit status 0 is a failure.
    private(set) var finished = false
    private var points: [MetricPoint] = []
    private var totalSteps: Int?
    private var rateStart: (step: Int, time: Date)?
    private var progress = RunProgress()

    init(
        run: RunRecord, directory: String, sink: MetricSink, log: RunLog, attempt: ActiveAttempt, board: ProgressBoard?
    ) {
        self.run = run
        self.directory = directory
        self.sink = sink
        self.log = log
        self.attempt = attempt
        self.board = board
        totalSteps = run.totalSteps
    }

    /// Handles a batch of lines read together.
    mutating func handle(_ lines: [String]) {
        log.append(lines: lines)
        for line in lines where !line.isEmpty {
            do {
                handle(try TrainerMessage(line: line))
            } catch {
                malformedLines += 1
                log.note("\(error)")
            }
        }
        flushPoints()
        attempt.report(progress)
        board?.update(run.id, totalSteps: totalSteps, progress: progress)
    }

    /// Hands buffered points to the sink.
    mutating func flushPoints() {
        sink.add(points)
        points.removeAll()
    }

    private mutating func handle(_ message: TrainerMessage) {
        switch message {
        case .start(let total):
            totalSteps = total ?? totalSteps
        case .metrics(let step, let values):
            for (name, value) in values {
                points.append(MetricPoint(runID: run.id, name: name, step: step, value: value))
            }
            progress.step = step
            if let loss = Self.loss(in: values) {
                progress.loss = loss
                if !loss.isFinite { attempt.stop(.diverged("loss is \(loss) at step \(step)")) }
            }
            progress.tokensPerSecond = tokensPerSecond(at: step)
        case .checkpoint(let step, let path):
            flushPoints()
            let absolute = path.hasPrefix("/") ? path : directory + "/" + path
            sink.checkpoint(runID: run.id, step: step, path: absolute)
        case .done(let step):
            progress.step = step
            finished = true
        case .error(let message):
            errorMessage = message
        }
    }

    /// `train/loss`, else `loss`, else the first metric whose name contains "loss".
    private static func loss(in values: [String: Double]) -> Double? {
        values["train/loss"] ?? values["loss"] ?? values.first { $0.key.contains("loss") }?.value
    }

    /// Tokens per second over this attempt, from the step rate and the run's tokens per step.
    private mutating func tokensPerSecond(at step: Int) -> Double? {
        guard let tokens = run.tokens, let total = run.totalSteps, total > 0 else { return nil }
        guard let start = rateStart else {
            rateStart = (step, Date())
            return nil
        }
        let elapsed = Date().timeIntervalSince(start.time)
        guard elapsed > 0, step > start.step else { return nil }
        return Double(step - start.step) * Double(tokens) / Double(total) / elapsed
    }
}
