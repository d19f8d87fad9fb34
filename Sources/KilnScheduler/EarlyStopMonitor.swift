import Foundation
import KilnFit
import KilnLearningRate
import KilnPostgres
import KilnProtocol
import KilnStore

/// The sweep's early-stopping rule for one attempt, run by the worker that ingests the run's points (there is no
/// coordinator): at each check step (`EarlyStopSettings.checkSteps`) it waits until the run's points are stored,
/// reads every run of the sweep from the store, fits the law jointly (`EarlyStopRule`) and, when the rule says
/// so, stores the decision and stops the trainer like a cancel does (SIGTERM: the trainer writes its checkpoint),
/// so the run ends `pruned`. A check that cannot read the store is logged and skipped: nothing is stopped on
/// data Kiln could not read.
final class EarlyStopMonitor {
    private let run: RunRecord
    private let settings: EarlyStopSettings
    private let connection: Connection
    private let log: RunLog
    private var checks: [Int]
    /// Planned learning rates by run id (a run's schedule does not change).
    private var planned: [Int64: [Double]] = [:]

    private init(run: RunRecord, settings: EarlyStopSettings, checks: [Int], connection: Connection, log: RunLog) {
        self.run = run
        self.settings = settings
        self.checks = checks
        self.connection = connection
        self.log = log
    }

    /// The monitor of `run`'s attempt; nil when its sweep has no `early_stop:`, when the run was pruned before
    /// (`kiln retry` continues a pruned run to its end), or when its planned schedule is unknown.
    static func make(run: RunRecord, connection: Connection, log: RunLog) -> EarlyStopMonitor? {
        do {
            let store = EarlyStopStore(connection: connection)
            guard let settings = try store.settings(sweepID: run.sweepID) else { return nil }
            if try store.wasPruned(runID: run.id) {
                log.note("early stopping: not checked again (the run was pruned before and retried)")
                return nil
            }
            guard let rates = EarlyStopCurves.plannedRates(params: run.params) else {
                log.note("early stopping: not checked (the run's parameters give no schedule and steps)")
                return nil
            }
            let monitor = EarlyStopMonitor(
                run: run, settings: settings, checks: settings.checkSteps(totalSteps: rates.count),
                connection: connection, log: log)
            monitor.planned[run.id] = rates
            return monitor
        } catch {
            log.note("early stopping: not checked (reading its settings failed: \(error))")
            return nil
        }
    }

    /// Checks the run when `step` reached its next check step; stops `attempt` when the rule says so.
    func observe(step: Int?, sink: MetricSink, attempt: ActiveAttempt) {
        guard let step, let next = checks.first, step >= next, attempt.stopReason == nil else { return }
        checks.removeAll { $0 <= step }
        sink.drain()
        do {
            let curves = try EarlyStopCurves.load(
                sweepID: run.sweepID, metric: settings.metric, connection: connection, planned: &planned)
            let rule = EarlyStopRule(settings: settings, seed: UInt64(bitPattern: run.id) &* 1_000_003 &+ UInt64(step))
            let verdict = rule.verdict(for: run.name, in: rule.assess(curves))
            log.note("early stopping at step \(step): \(verdict.reason)")
            guard verdict.stop, let final = verdict.predictedFinal, let best = verdict.bestFinal,
                let path = verdict.path
            else { return }
            try EarlyStopStore(connection: connection).record(
                PruneDecision(
                    runID: run.id, step: step, metric: settings.metric, law: settings.law.rawValue,
                    predictedFinal: final, low: verdict.interval?.lower ?? final,
                    high: verdict.interval?.upper ?? final,
                    bestPredicted: best, bestRun: verdict.bestRun ?? "", probability: verdict.probability ?? 1,
                    curve: PruneDecision.PredictedCurve(
                        steps: path.steps, predicted: path.predicted, low: path.low, high: path.high)))
            checks.removeAll()
            attempt.stop(.pruned(step: step))
        } catch {
            log.note("early stopping: the check at step \(step) was skipped: \(error)")
        }
    }
}

extension TrainerEnvironment {
    /// The schedule and step count of a run's configuration or parameters (a JSON object), when it has both.
    static func plannedSchedule(in configuration: JSONValue) -> (schedule: ScheduleSpec, steps: Int)? {
        guard let schedule = configuration["schedule"], let steps = configuration["steps"]?.intValue, steps > 0,
            let spec = try? JSONDecoder().decode(ScheduleSpec.self, from: Data(schedule.serialized().utf8))
        else { return nil }
        return (spec, steps)
    }
}
