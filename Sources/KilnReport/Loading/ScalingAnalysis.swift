import Foundation
import KilnFit

/// Fits a scaling sweep for its report: Chinchilla Approach 3 (with a small bootstrap) and the IsoFLOP
/// profiles of Approach 2, from each succeeded run's final validation loss and planned N, D and FLOPs.
/// A scaling sweep is an `isoflop:` grid (its runs carry a `budget`); other sweeps, and grids with fewer
/// than three model sizes or two budgets, get `nil`.
struct ScalingAnalysis {
    let runs: [ReportRun]

    func results() -> ScalingResults? {
        let finished = runs.compactMap { run -> (run: ReportRun, n: Double, d: Double, c: Double, loss: Double)? in
            // The budget groups a run with its siblings exactly; whole steps round its own FLOPs.
            guard run.status == .succeeded, let n = run.parameterCount, let d = run.tokens,
                  let budget = run.params["budget"]?.number, let loss = validationLoss(run) else { return nil }
            return (run, Double(n), Double(d), budget, loss)
        }
        let budgets = Dictionary(grouping: finished) { Self.rounded($0.c) }
        guard Set(finished.map(\.n)).count >= 3, budgets.count >= 2, budgets.values.contains(where: { $0.count >= 3 }),
              let data = try? ScalingData(points: finished.map { ($0.n, $0.d, $0.loss, $0.c) }, source: "report")
        else { return nil }
        var chinchilla = ChinchillaFit.Options()
        chinchilla.bootstrap = 40
        // A fit the data cannot support is left out with its reason, as `kiln fit scaling` gives it.
        var notes: [String] = []
        func attempt<Result>(_ name: String, _ fit: () throws -> Result) -> Result? {
            do { return try fit() } catch { notes.append("\(name) not fitted: \(error)") }
            return nil
        }
        let law = attempt("Chinchilla Approach 3") { try ChinchillaFit.fit(data, options: chinchilla) }
        let isoFLOP = attempt("Chinchilla Approach 2 (IsoFLOP parabolas)") { try IsoFLOPFit.fit(data) }
        let profiles = budgets.keys.sorted().map { compute -> IsoFLOPProfile in
            let points = budgets[compute]!.map { SizeLoss(parameters: $0.n, loss: $0.loss) }.sorted { $0.parameters < $1.parameters }
            let budget = isoFLOP?.budgets.first { Self.rounded($0.compute) == compute }
            let minimum = budget.flatMap { b in b.optimalParams.flatMap { n in b.minimumLoss.map { SizeLoss(parameters: n, loss: $0) } } }
            return IsoFLOPProfile(flops: compute, points: points, minimum: minimum)
        }
        let observed = (isoFLOP?.budgets ?? []).compactMap { b in
            b.optimalParams.map { FrontierPoint(flops: b.compute, parameters: $0, tokens: b.optimalTokens) }
        }
        let predicted = law.map { fit in
            budgets.keys.sorted().map { FrontierPoint(flops: $0, parameters: fit.law.optimalParams(compute: $0), tokens: fit.law.optimalTokens(compute: $0)) }
        } ?? []
        let fitted = law.map { fit in
            FittedLaw(
                name: "Chinchilla Approach 3", formula: "L(N, D) = E + A/N^α + B/D^β",
                parameters: fit.estimates.map { FitParameter(name: $0.name, value: $0.value, lower: $0.interval?.lower, upper: $0.interval?.upper) },
                notes: ["\(fit.dataCount) runs; Huber (δ = 1e-3) on log loss, L-BFGS from \(fit.starts) starts; 95% intervals from \(fit.bootstrap.count) bootstrap refits"])
        }
        var results = ScalingResults(law: fitted, isoFLOPs: profiles, frontier: ComputeFrontier(observed: observed, predicted: predicted))
        results.notes = notes
        return results
    }

    /// The run's final loss on its first validation set (the first the spec lists, else the first by name).
    private func validationLoss(_ run: ReportRun) -> Double? {
        let losses = run.finalMetrics.filter { $0.key.hasPrefix("val/") && $0.key.hasSuffix("/loss") && $0.value.isFinite }
        return MetricNames.headline(losses.keys, evalSets: MetricNames.evalSets([run])).flatMap { losses[$0] }
    }

    /// `value` rounded to 3 significant figures: runs of one IsoFLOP budget share it.
    static func rounded(_ value: Double) -> Double {
        guard value > 0 else { return value }
        let scale = pow(10, floor(log10(value)) - 2)
        return (value / scale).rounded() * scale
    }
}
