import KilnProtocol

/// Replays early-stopping policies on a fully trained sweep's stored curves, as if every run trained at once in
/// lock-step: at round k each run still training reaches its k-th check step (`EarlyStopSettings.checkSteps`), a
/// stopped run keeps the rows it had. Compute is counted in optimizer steps (runs of one model size: steps are
/// FLOPs); a run's true final is its smoothed final value on the complete curve.
package struct EarlyStopReplay: Sendable {
    /// What one policy would have done.
    package struct Outcome: Sendable {
        /// `complete`, `successive-halving (eta=3)`, `law-based (annealing)`.
        package var policy: String
        /// The runs stopped, with the step each was stopped at, in the order they were stopped.
        package var stopped: [(run: String, step: Int)]
        /// Steps trained under the policy.
        package var stepsTrained: Int
        /// Steps of every run trained to its end.
        package var stepsPlanned: Int
        /// The run with the lowest true final.
        package var bestRun: String
        /// The lowest true final.
        package var bestFinal: Double
        /// The best run that was not stopped.
        package var bestSurvivor: String
        /// Its true final.
        package var survivorFinal: Double

        /// The fraction of the compute saved.
        package var computeSaved: Double { 1 - Double(stepsTrained) / Double(max(1, stepsPlanned)) }
        /// Whether the truly best run survived.
        package var bestSurvived: Bool { bestSurvivor == bestRun }
        /// Final of the best surviving run minus that of the best run.
        package var regret: Double { survivorFinal - bestFinal }
    }

    /// The complete curves.
    package var curves: [EarlyStopCurve]
    /// The check steps and the law-based rule's settings.
    package var settings: EarlyStopSettings

    /// A replay of `curves` (each complete) with the check steps of `settings`.
    package init(curves: [EarlyStopCurve], settings: EarlyStopSettings) {
        self.curves = curves.filter { !$0.steps.isEmpty }
        self.settings = settings
    }

    /// Every run trained to its end.
    package func complete() -> Outcome { outcome("complete", stopped: []) }

    /// Step-matched successive halving at the check steps.
    package func successiveHalving(_ rule: SuccessiveHalving = SuccessiveHalving()) -> Outcome {
        var alive = Set(curves.map(\.run)), stopped: [(run: String, step: Int)] = []
        for round in 0..<rounds where alive.count > 1 {
            var values: [String: Double] = [:], steps: [String: Int] = [:]
            for curve in curves where alive.contains(curve.run) {
                guard let step = checkStep(curve, round), let value = curve.smoothed(at: step) else { continue }
                (values[curve.run], steps[curve.run]) = (value, step)
            }
            let keep = rule.survivors(values)
            for run in values.keys.sorted() where !keep.contains(run) {
                alive.remove(run)
                stopped.append((run, steps[run]!))
            }
        }
        return outcome("successive-halving (eta=\(rule.eta))", stopped: stopped)
    }

    /// Kiln's law-based rule at the check steps; `log` receives each round's decisions.
    package func lawBased(seed: UInt64 = 0, log: (String) -> Void = { _ in }) -> Outcome {
        let rule = EarlyStopRule(settings: settings, seed: seed)
        var stoppedAt: [String: Int] = [:], stopped: [(run: String, step: Int)] = []
        for round in 0..<rounds {
            let partial = curves.map { curve -> EarlyStopCurve in
                if let step = stoppedAt[curve.run] {
                    var stopped = curve.truncated(through: step)
                    stopped.pruned = true
                    return stopped
                }
                return curve.truncated(through: checkStep(curve, round) ?? curve.totalSteps - 1)
            }
            let assessment = rule.assess(partial)
            for curve in partial where stoppedAt[curve.run] == nil && checkStep(curve, round) != nil {
                let verdict = rule.verdict(for: curve.run, in: assessment)
                log("round \(round + 1), \(curve.run) at step \(curve.steps.last ?? 0): \(verdict.reason)")
                if verdict.stop, let step = curve.steps.last {
                    stoppedAt[curve.run] = step
                    stopped.append((curve.run, step))
                }
            }
        }
        return outcome("law-based (\(settings.law.rawValue))", stopped: stopped)
    }

    /// Rounds of checks: the most check steps of any run.
    private var rounds: Int { curves.map { settings.checkSteps(totalSteps: $0.totalSteps).count }.max() ?? 0 }

    /// The `round`-th check step of `curve`; nil when it has fewer checks.
    private func checkStep(_ curve: EarlyStopCurve, _ round: Int) -> Int? {
        let steps = settings.checkSteps(totalSteps: curve.totalSteps)
        return round < steps.count ? steps[round] : nil
    }

    private func outcome(_ policy: String, stopped: [(run: String, step: Int)]) -> Outcome {
        let finals = curves.map { ($0.run, $0.latest ?? .infinity) }
        let best = finals.min { ($0.1, $0.0) < ($1.1, $1.0) } ?? ("", .infinity)
        let stoppedRuns = Dictionary(stopped.map { ($0.run, $0.step) }, uniquingKeysWith: { a, _ in a })
        let survivor = finals.filter { stoppedRuns[$0.0] == nil }.min { ($0.1, $0.0) < ($1.1, $1.0) } ?? best
        let trained = curves.reduce(0) { $0 + (stoppedRuns[$1.run].map { $0 + 1 } ?? $1.totalSteps) }
        return Outcome(
            policy: policy, stopped: stopped, stepsTrained: trained,
            stepsPlanned: curves.reduce(0) { $0 + $1.totalSteps }, bestRun: best.0, bestFinal: best.1,
            bestSurvivor: survivor.0, survivorFinal: survivor.1)
    }
}
