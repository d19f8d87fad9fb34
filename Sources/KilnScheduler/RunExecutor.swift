import Foundation
import KilnPostgres
import KilnProcess
import KilnProtocol
import KilnStore

/// Executes one claimed attempt: starts the trainer, streams its protocol lines into metrics,
/// its output into the run's log, and turns the way it ended into an `AttemptResult`.
struct RunExecutor {
    let settings: SchedulerSettings
    let worker: String
    let sink: MetricSink
    let heartbeat: Heartbeat
    let board: ProgressBoard?
    /// Called when a trainer ends by a SIGTERM that Kiln did not send: the worker stops after giving
    /// the run back.
    var onOutsideStop: @Sendable () -> Void = {}

    /// Runs the attempt to its end. Returns nil when the lease was lost (another worker owns the run
    /// now) or the worker was interrupted; throws a `SchedulerError` that `isWorkerFault` when this
    /// worker cannot prepare the run's folder (nothing was started). `devices`, when the worker has
    /// GPUs, are the ones reserved for this attempt (none for a run without `gpus`).
    func execute(_ run: RunRecord, connection: Connection, devices: [String]? = nil) throws -> AttemptResult? {
        let launch: TrainerLaunch
        do {
            launch = try TrainerLaunch(
                run: run, settings: settings, checkpoints: CheckpointStore(connection: connection), devices: devices)
        } catch let error as SchedulerError where error.isWorkerFault {
            throw error
        } catch {
            return AttemptResult(
                status: .failed, retryable: error is PostgresError, failure: "\(error)", logTail: "\(error)")
        }
        let log = RunLog(path: launch.logPath, logger: settings.logger)
        log.note("attempt \(run.attempt) of \(run.maxAttempts) on \(worker): \(launch.argv.joined(separator: " "))")
        if let step = launch.resumeStep { log.note("resuming from the checkpoint of step \(step)") }
        let process: TrainerProcess
        do {
            process = try TrainerProcess(
                argv: launch.argv, directory: settings.projectDirectory, environment: launch.environment)
        } catch {
            log.note("\(error)")
            return AttemptResult(status: .failed, failure: "\(error)", logTail: log.tail)
        }
        let attempt = ActiveAttempt(run: run, worker: worker, pid: process.pid)
        board?.started(run)
        heartbeat.begin(attempt)
        let stderrDone = DispatchSemaphore(value: 0)
        let stderrFD = process.stderr
        let exited = process.exited
        Thread.detachNewThread {
            var reader = LineReader(fd: stderrFD, stop: exited)
            while let lines = reader.next() { log.append(lines: lines) }
            stderrDone.signal()
        }
        var output = OutputReader(
            run: run, directory: settings.projectDirectory, sink: sink, log: log, attempt: attempt,
            board: board)
        let earlyStop = EarlyStopMonitor.make(run: run, connection: connection, log: log)
        var reader = LineReader(fd: process.stdout, stop: process.exited)
        while let lines = reader.next() {
            output.handle(lines)
            earlyStop?.observe(step: attempt.progress.step, sink: sink, attempt: attempt)
        }
        output.flushPoints()
        stderrDone.wait()
        let termination = process.wait()
        if attempt.stopReason == nil, termination == .signalled(SIGTERM) || termination == .exited(128 + SIGTERM) {
            // Kiln did not ask: under Slurm a preemption, requeue or scancel signals every process of the
            // job at once, and the trainer may end before this worker sees its own SIGTERM. The run goes
            // back to the queue, to resume from its checkpoint without spending an attempt.
            attempt.stop(.interrupted)
            onOutsideStop()
            log.note("the trainer was stopped by a SIGTERM Kiln did not send (a preemption, requeue or scancel?)")
        }
        heartbeat.end()
        let unstored = sink.drain(givingUpWhen: { heartbeat.isInterrupted })
        let rejected = sink.takeRejections(runID: run.id)
        rejected.notes.forEach(log.note)
        if rejected.count > rejected.notes.count {
            log.note("the database refused \(rejected.count - rejected.notes.count) more points or checkpoints")
        }
        // Points left unstored are reported again by the next attempt, which resumes from a stored checkpoint.
        let result =
            unstored > 0
            ? nil : Self.result(termination: termination, stop: attempt.stopReason, output: output, log: log)
        guard var result else {
            let why =
                unstored > 0
                ? "the worker was interrupted while the database was away (\(unstored) points and checkpoints unstored)"
                : attempt.stopReason == .interrupted ? "the worker was interrupted" : "its lease was lost"
            log.note("attempt \(run.attempt) ended: \(termination) because \(why); nothing recorded")
            return nil
        }
        let why = result.failure.flatMap { $0 == "\(termination)" ? nil : " (\($0))" } ?? ""
        log.note("attempt \(run.attempt) ended: \(termination)\(why)")
        result.logTail = log.tail
        result.malformedLines = output.malformedLines + rejected.count
        result.progress = attempt.progress
        return result
    }

    /// How an attempt ended: Kiln's own stop reason first, then the exit status. Exit 0 is success
    /// only after a `done` line. Diverged runs (exit 3, or a non-finite loss) fail for good; other
    /// failures are retried while attempts remain; a cancelled run is `cancelled`, a run the early-stopping
    /// rule stopped `pruned`; a lost lease writes nothing.
    static func result(
        termination: TrainerProcess.Termination, stop: ActiveAttempt.StopReason?,
        output: OutputReader, log: RunLog
    ) -> AttemptResult? {
        let code: Int? = if case .exited(let status) = termination { Int(status) } else { nil }
        switch stop {
        case .leaseLost?, .interrupted?:
            return nil
        case .cancelled?:
            return AttemptResult(status: .cancelled, exitCode: code, failure: "cancelled")
        case .timedOut(let seconds)?:
            return AttemptResult(
                status: .failed, retryable: true, exitCode: code,
                failure: "timed out after \(seconds.formatted()) s")
        case .diverged(let why)?:
            return AttemptResult(status: .failed, exitCode: code, failure: "diverged: \(why)")
        case .pruned(let step)?:
            return AttemptResult(status: .pruned, exitCode: code, failure: "pruned at step \(step) by early_stop")
        case nil:
            break
        }
        switch termination {
        case .exited(TrainerExitCode.success) where output.finished:
            return AttemptResult(status: .succeeded, exitCode: 0)
        case .exited(TrainerExitCode.success):
            return AttemptResult(status: .failed, retryable: true, exitCode: 0, failure: "exited 0 before done")
        case .exited(TrainerExitCode.diverged):
            return AttemptResult(
                status: .failed, exitCode: code, failure: "diverged" + (output.errorMessage.map { ": \($0)" } ?? ""))
        default:
            return AttemptResult(
                status: .failed, retryable: true, exitCode: code,
                failure: "\(termination)" + (output.errorMessage.map { ": \($0)" } ?? ""))
        }
    }
}
