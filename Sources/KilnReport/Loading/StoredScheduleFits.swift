import Foundation
import KilnProtocol
import KilnStore

/// The latest stored loss-curve-law fit of each law for a sweep (`kiln fit schedule SWEEP`), as
/// predicted-against-observed curves of the runs it predicted, each against the metric it was fitted on.
struct StoredScheduleFits {
    let sweep: String
    /// The latest saved fit of each kind for the sweep (`SweepAnalysis.savedFits`).
    let fits: [FitRecord]
    let runs: [ReportRun]

    /// The curves of the latest fit of each law, and a note for each such fit that cannot be drawn and for each of
    /// their warnings.
    func scheduleFits() -> (fits: [FittedCurve], notes: [String]) {
        var drawn: [FittedCurve] = [], notes: [String] = []
        for fit in fits.sorted(by: { $0.kind < $1.kind }) where fit.kind.hasSuffix("-law") {
            // A fit saved before Kiln stored its metric could be of any metric: say so rather than guess.
            guard let metric = fit.metric else {
                notes.append(
                    "The \(Self.lawName(fit.kind)) fit saved on \(ReportDate.text(fit.createdAt)) does not record which "
                        + "metric it was fitted on, so the report does not draw it; refit it with kiln fit schedule \(sweep) --metric NAME."
                )
                continue
            }
            drawn += curves(fit, metric: metric)
            notes += warnings(fit).map { "The \(Self.lawName(fit.kind)) fit: \($0)." }
        }
        return (drawn, notes)
    }

    private func curves(_ fit: FitRecord, metric: String) -> [FittedCurve] {
        guard let summary = try? JSONValue(parsing: fit.summary), let predictions = summary["predictions"]?.arrayValue
        else { return [] }
        let parameters = (summary["parameters"]?.numberMembers ?? [:]).sorted { $0.key < $1.key }
        let trained = (summary["trained_on"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")
        let law = FittedLaw(
            name: Self.lawName(fit.kind),
            formula: fit.kind == "annealing-law"
                ? "L(s) = L0 + A·S1^(−α) − C·S2" : "L(t) = L0 + A·(S1 + S_W)^(−α) − LD(t)",
            parameters: parameters.map { FitParameter(name: $0.key, value: $0.value) },
            notes: trained.isEmpty ? [] : ["fitted on \(trained)"])
        return predictions.compactMap { prediction in
            guard let name = prediction["run"]?.stringValue, let run = runs.first(where: { $0.name == name }),
                let steps = prediction["steps"]?.arrayValue?.compactMap(\.intValue),
                let predicted = prediction["predicted"]?.arrayValue?.compactMap(\.doubleValue)
            else { return nil }
            return FittedCurve(
                runID: run.id, law: law, metric: metric, observed: run.series[metric] ?? [],
                predicted: zip(steps, predicted).map { CurvePoint(step: $0, value: $1) })
        }
    }

    /// The stored fit's warnings, e.g. a parameter that ended on a bound (`kiln fit schedule` names them).
    private func warnings(_ fit: FitRecord) -> [String] {
        ((try? JSONValue(parsing: fit.summary))?["warnings"]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// The law's display name for a stored kind (`annealing-law`, `multipower-law`).
    private static func lawName(_ kind: String) -> String {
        switch kind {
        case "annealing-law": "LR-annealing law"
        case "multipower-law": "multi-power law"
        default: kind
        }
    }
}
