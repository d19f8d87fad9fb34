import Foundation
import KilnProtocol

/// Schedule-aware early stopping. At a check, the loss-curve law is fitted JOINTLY to every run of the sweep so
/// far (shared parameters; each run's areas from its own planned schedule): one run's partial curve cannot
/// identify the annealing term before its cooldown, but the runs that already decayed can. Each unfinished run's
/// final value is then predicted on its full planned schedule, anchored at its own latest rows (the law times the
/// mean ratio of observed to fitted over its last fifth of rows, so a run the shared law misfits by a constant
/// factor is predicted at its own level). The moving-block bootstrap of the fit (residual blocks resampled, every
/// refit from the optimum) gives each prediction's samples; a finished run counts with its observed final. A run
/// is stopped when, in at least `confidence` of the refits, its final is above (1 + `margin`) × the best final of
/// the other runs in the same refit.
package struct EarlyStopRule: Sendable {
    /// The sweep's settings.
    package var settings: EarlyStopSettings
    /// Seed of the bootstrap.
    package var seed: UInt64
    /// Rows of each run the law is evaluated at, at most about (the sums still use every step).
    package var maxFitPoints = 64
    /// Points of each predicted curve.
    package var pathPoints = 40

    /// A rule with `settings`, reproducible from `seed`.
    package init(settings: EarlyStopSettings, seed: UInt64 = 0) {
        self.settings = settings
        self.seed = seed
    }

    /// Fits the law jointly to `curves` (every run of the sweep with its rows so far) and predicts each run's final.
    package func assess(_ curves: [EarlyStopCurve]) -> EarlyStopAssessment {
        let law = settings.law.rawValue
        let usable = curves.filter { $0.steps.count >= 3 }
        guard usable.count >= max(2, settings.minRuns) else {
            return EarlyStopAssessment(
                law: law,
                unidentified: "only \(usable.count) runs have 3 or more points of \(settings.metric) "
                    + "(min_runs: \(settings.minRuns))")
        }
        var options = ScheduleFitOptions()
        options.bootstrap = max(settings.bootstrap, 10)
        options.seed = seed
        options.maxFitPoints = maxFitPoints
        do {
            let lossCurves = try usable.map { try $0.lossCurve() }
            switch settings.law {
            case .annealing:
                // λ, the annealing area's memory, is poorly determined before long decays, and a λ too large
                // credits early decays (cosine) over late ones (WSD): every λ of the grid is a variant of the check.
                var variants: [EarlyStopAssessment] = []
                for lambda in options.lambdaGrid {
                    options.lambda = lambda
                    var variant: EarlyStopAssessment
                    do {
                        variant = assessment(
                            try AnnealingLaw.fit(curves: lossCurves, options: options), usable, coefficient: "C")
                    } catch {
                        variant = EarlyStopAssessment(law: law, unidentified: "the joint fit failed: \(error)")
                    }
                    variant.label = "λ = \(formatted(lambda))"
                    variants.append(variant)
                }
                var first = variants.removeFirst()
                first.alternatives = variants
                return first
            case .multipower:
                return assessment(try MultiPowerLaw.fit(curves: lossCurves, options: options), usable, coefficient: "B")
            }
        } catch {
            return EarlyStopAssessment(law: law, unidentified: "the joint fit failed: \(error)")
        }
    }

    /// The predicted finals of `curves` from `fit`, unless the fit left the annealing term's `coefficient` on a
    /// bound (the curves do not identify what a decay gains, so no decay-at-the-end run can be judged).
    private func assessment<Law: LossCurveLaw>(
        _ fit: ScheduleFit<Law>, _ curves: [EarlyStopCurve], coefficient: String
    ) -> EarlyStopAssessment {
        var result = EarlyStopAssessment(law: Law.name)
        if let warning = fit.warnings.first(where: { $0.hasPrefix("\(coefficient) hit") }) {
            result.unidentified = "the joint fit does not identify the annealing term (\(warning))"
            return result
        }
        let replicates = fit.replicates.count
        for curve in curves {
            if curve.finished, let observed = curve.latest {
                result.finals[curve.run] = .init(
                    point: observed, samples: Array(repeating: observed, count: replicates), observed: true, path: nil)
                continue
            }
            let last = curve.totalSteps - 1, from = curve.steps.last!
            let pathSteps =
                from >= last
                ? [last]
                : Array(
                    Set(
                        (1...pathPoints).map {
                            from + Int((Double($0) * Double(last - from) / Double(pathPoints)).rounded())
                        })
                )
                .sorted()
            let anchorRows = max(3, curve.steps.count / 5)
            let anchorSteps = Array(curve.steps.suffix(anchorRows))
            func predict(_ law: Law, losses: [Double]) -> [Double] {
                let values = law.predict(
                    lrs: curve.plannedRates, warmupSteps: curve.warmupSteps, at: anchorSteps + pathSteps)
                let observed = losses.suffix(anchorRows)
                let shift =
                    zip(observed, values.prefix(anchorRows)).reduce(0) { $0 + log($1.0) - log(max($1.1, 1e-12)) }
                    / Double(anchorRows)
                return values.dropFirst(anchorRows).map { $0 * exp(shift) }
            }
            let point = predict(fit.law, losses: curve.values)
            // Each refit anchored at the observed rows too, so the samples are centred on the point estimate.
            let sampled = (0..<replicates).map { b in predict(fit.replicates[b], losses: curve.values) }
            var low: [Double] = [], high: [Double] = []
            for j in pathSteps.indices {
                let interval = Bootstrap.percentileInterval(sampled.map { $0[j] }, level: settings.confidence)
                low.append(interval?.lower ?? point[j])
                high.append(interval?.upper ?? point[j])
            }
            result.finals[curve.run] = .init(
                point: point.last!, samples: sampled.map { $0.last! }, observed: false, pruned: curve.pruned,
                path: PredictedPath(steps: pathSteps, predicted: point, low: low, high: high))
        }
        let finite = result.finals.values.filter { $0.point.isFinite }.count
        if finite < result.finals.count {
            result.unidentified = "the joint fit predicts a non-finite final for \(result.finals.count - finite) runs"
        }
        return result
    }

    /// Whether to stop `run` now, from `assessment`: only when every variant of the check stops it (the verdict of
    /// the first that does not, else of the least confident).
    package func verdict(for run: String, in assessment: EarlyStopAssessment) -> EarlyStopVerdict {
        let verdicts = ([assessment] + assessment.alternatives).map { variant in
            var verdict = singleVerdict(for: run, in: variant)
            if !variant.label.isEmpty { verdict.reason = "[\(variant.label)] " + verdict.reason }
            return verdict
        }
        return verdicts.first { !$0.stop } ?? verdicts.min { ($0.probability ?? 0) < ($1.probability ?? 0) }!
    }

    /// The verdict of one variant of a check.
    private func singleVerdict(for run: String, in assessment: EarlyStopAssessment) -> EarlyStopVerdict {
        var verdict = EarlyStopVerdict(stop: false, reason: "")
        if let why = assessment.unidentified {
            verdict.reason = "not stopping: \(why)"
            return verdict
        }
        guard let own = assessment.finals[run], !own.observed else {
            verdict.reason = "not stopping: no prediction for \(run)"
            return verdict
        }
        let others = assessment.finals.filter { $0.key != run && !$0.value.pruned && $0.value.point.isFinite }
        guard let best = others.min(by: { ($0.value.point, $0.key) < ($1.value.point, $1.key) }) else {
            verdict.reason = "not stopping: no other run to compare with"
            return verdict
        }
        let replicates = own.samples.count
        var worse = 0
        for b in 0..<replicates {
            let bestSample = others.values.map { $0.samples[b] }.filter(\.isFinite).min() ?? .infinity
            if own.samples[b].isFinite && own.samples[b] > (1 + settings.margin) * bestSample { worse += 1 }
        }
        let probability = replicates > 0 ? Double(worse) / Double(replicates) : 0
        verdict.predictedFinal = own.point
        verdict.interval = Bootstrap.percentileInterval(own.samples, level: settings.confidence)
        verdict.bestFinal = best.value.point
        verdict.bestRun = best.key
        verdict.probability = probability
        verdict.path = own.path
        verdict.stop = replicates > 0 && probability >= settings.confidence
        verdict.reason =
            "predicted final \(settings.metric) \(formatted(own.point)) vs best \(formatted(best.value.point)) "
            + "(\(best.key)\(best.value.observed ? ", observed" : "")): worse by more than "
            + "\(formatted(100 * settings.margin))% in \(formatted(100 * probability))% of \(replicates) refits"
            + (verdict.stop ? " ≥ \(formatted(100 * settings.confidence))%: stopping" : ": continuing")
        return verdict
    }
}
