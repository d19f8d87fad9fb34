import Foundation
import KilnAnalysis
import KilnFit
import KilnProtocol
import KilnStore

/// The scaling fits `kiln fit scaling SWEEP` saved for a sweep, shown as they were saved (the latest of each
/// approach, with the metric it was fitted on), over the sweep's IsoFLOP profiles read by the same
/// `SweepAnalysis` that `kiln fit` reads. The report never fits a law itself.
struct StoredScalingFits {
    let sweep: String
    /// The latest saved fit of each kind for the sweep; those of kind `chinchilla-approach-*` are shown.
    let fits: [FitRecord]
    /// The sweep's scaling inputs (of the saved fits' metric), `nil` when they could not be read.
    let inputs: ScalingInputs?

    /// The metric to read the inputs of: that of the saved IsoFLOP fit, else of the latest other scaling fit.
    static func metric(of fits: [FitRecord]) -> String? {
        let scaling = fits.filter { $0.kind.hasPrefix(kindPrefix) }
        return scaling.first { $0.kind == isoFLOPKind }?.metric ?? scaling.max { $0.createdAt < $1.createdAt }?.metric
    }

    func results() -> ScalingResults {
        let saved = fits.filter { $0.kind.hasPrefix(Self.kindPrefix) }.sorted { $0.kind > $1.kind }
        let summaries = Dictionary(uniqueKeysWithValues: saved.map { ($0.kind, Self.object($0.summary)) })
        var results = ScalingResults(laws: saved.map(law), metric: inputs?.metric)
        if saved.isEmpty { results.notes.append("No scaling fit saved; run kiln fit scaling \(sweep) --approach all.") }
        // The IsoFLOP fit's minima belong on the profiles only when it was fitted on the metric they show.
        let isoFLOP = saved.first { $0.kind == Self.isoFLOPKind && $0.metric != nil && $0.metric == inputs?.metric }
        let budgets = (isoFLOP.flatMap { summaries[$0.kind]?["budgets"]?.arrayValue } ?? []).compactMap { budget in
            budget["C"]?.doubleValue.map {
                (
                    c: $0, n: budget["N_opt"]?.doubleValue, d: budget["D_opt"]?.doubleValue,
                    loss: budget["min_loss"]?.doubleValue
                )
            }
        }
        let groups = Dictionary(grouping: inputs?.data.points ?? []) { Self.budget($0.compute) }
        results.isoFLOPs = groups.keys.sorted().map { compute in
            let points = groups[compute]!.map { SizeLoss(parameters: $0.params, loss: $0.loss) }.sorted {
                $0.parameters < $1.parameters
            }
            let minimum = budgets.first { Self.budget($0.c) == compute }.flatMap { b in
                b.n.flatMap { n in b.loss.map { SizeLoss(parameters: n, loss: $0) } }
            }
            return IsoFLOPProfile(flops: compute, points: points, minimum: minimum)
        }
        let observed = budgets.compactMap { b in b.n.map { FrontierPoint(flops: b.c, parameters: $0, tokens: b.d) } }
        let predicted =
            Self.chinchilla(summaries["chinchilla-approach-3"]).map { law in
                groups.keys.sorted().map {
                    FrontierPoint(
                        flops: $0, parameters: law.optimalParams(compute: $0), tokens: law.optimalTokens(compute: $0))
                }
            } ?? []
        if !(observed.isEmpty && predicted.isEmpty) {
            results.frontier = ComputeFrontier(observed: observed, predicted: predicted)
        }
        return results
    }

    /// The saved fit as a law: its parameters (with intervals), and what it was fitted on and when.
    private func law(_ fit: FitRecord) -> FittedLaw {
        let summary = Self.object(fit.summary)
        let values = summary["parameters"]?.numberMembers ?? [:]
        let intervals = Dictionary(
            uniqueKeysWithValues: (summary["intervals"]?.members ?? []).map { name, bounds in
                (name, (bounds.arrayValue ?? []).compactMap(\.doubleValue))
            })
        let order = ["E", "A", "B", "alpha", "beta", "a", "b", "G", "G_N", "G_D"]
        let names = values.keys.sorted {
            (order.firstIndex(of: $0) ?? order.count, $0) < (order.firstIndex(of: $1) ?? order.count, $1)
        }
        let parameters = names.map { name in
            let interval = intervals[name].flatMap { $0.count == 2 ? $0 : nil }
            return FitParameter(name: name, value: values[name]!, lower: interval?[0], upper: interval?[1])
        }
        let number = fit.kind.dropFirst(Self.kindPrefix.count)
        let runs = summary["data_count"]?.intValue.map { " from \($0) runs of \(sweep)" } ?? " from \(sweep)"
        var notes = [
            fit.metric.map { "Fitted on \($0)\(runs) by kiln fit scaling, saved \(ReportDate.text(fit.createdAt))." }
                ?? "Saved \(ReportDate.text(fit.createdAt)) without the metric it was fitted on (Kiln did not record it then); "
                + "refit with kiln fit scaling \(sweep) to name it."
        ]
        if let bootstrap = summary["bootstrap"]?.intValue, bootstrap > 0, !intervals.isEmpty {
            notes.append("95% intervals from \(bootstrap) bootstrap refits.")
        }
        return FittedLaw(
            name: "Chinchilla Approach \(number)", formula: Self.formula(fit.kind), parameters: parameters, notes: notes
        )
    }

    /// The kinds `kiln fit scaling` saves start with this (`chinchilla-approach-1` … `-3`).
    static let kindPrefix = "chinchilla-approach-"
    private static let isoFLOPKind = "chinchilla-approach-2"

    /// The formula of a saved kind, as `kiln fit scaling` titles it.
    private static func formula(_ kind: String) -> String {
        switch kind {
        case "chinchilla-approach-3": "L(N, D) = E + A/N^α + B/D^β"
        case "chinchilla-approach-2": "IsoFLOP parabolas: N_opt = G_N·C^a, D_opt = G_D·C^b"
        case "chinchilla-approach-1": "loss–FLOPs envelope: N_opt = G_N·C^a, D_opt = G_D·C^b"
        default: kind
        }
    }

    /// The law of a saved Approach 3 summary, if it has all five parameters.
    private static func chinchilla(_ summary: JSONValue?) -> ChinchillaLaw? {
        guard let p = summary?["parameters"]?.numberMembers, let e = p["E"], let a = p["A"], let b = p["B"],
            let alpha = p["alpha"], let beta = p["beta"]
        else { return nil }
        return ChinchillaLaw(E: e, A: a, B: b, alpha: alpha, beta: beta)
    }

    /// A budget as `kiln fit scaling` groups it: to 3 significant figures.
    private static func budget(_ compute: Double) -> Double { IsoFLOPFit.round(compute, significantFigures: 3) }

    /// A stored JSON summary; an empty object when it cannot be read.
    private static func object(_ text: String) -> JSONValue {
        (try? JSONValue(parsing: text)) ?? .object([])
    }
}
