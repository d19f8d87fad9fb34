import Foundation
import KilnStore

/// The latest stored loss-curve-law fit of each law for a sweep (`kiln fit schedule SWEEP`), as
/// predicted-against-observed curves of the runs it predicted.
struct StoredScheduleFits {
    let fits: [FitRecord]
    let runs: [ReportRun]

    func scheduleFits() -> [ScheduleFit] {
        var latest: [String: FitRecord] = [:]
        for fit in fits where fit.kind.hasSuffix("-law") && latest[fit.kind] == nil { latest[fit.kind] = fit }
        return latest.values.sorted { $0.kind < $1.kind }.flatMap(curves)
    }

    private func curves(_ fit: FitRecord) -> [ScheduleFit] {
        guard let summary = try? JSONSerialization.jsonObject(with: Data(fit.summary.utf8)) as? [String: Any],
              let predictions = summary["predictions"] as? [[String: Any]] else { return [] }
        let parameters = (summary["parameters"] as? [String: Double] ?? [:]).sorted { $0.key < $1.key }
        let trained = (summary["trained_on"] as? [String] ?? []).joined(separator: ", ")
        let law = FittedLaw(
            name: fit.kind == "annealing-law" ? "LR-annealing law" : fit.kind == "multipower-law" ? "Multi-power law" : fit.kind,
            formula: fit.kind == "annealing-law" ? "L(s) = L0 + A·S1^(−α) − C·S2" : "L(t) = L0 + A·(S1 + S_W)^(−α) − LD(t)",
            parameters: parameters.map { FitParameter(name: $0.key, value: $0.value) },
            notes: trained.isEmpty ? [] : ["fitted on \(trained)"])
        return predictions.compactMap { prediction in
            guard let name = prediction["run"] as? String, let run = runs.first(where: { $0.name == name }),
                  let steps = prediction["steps"] as? [Int], let predicted = prediction["predicted"] as? [Double]
            else { return nil }
            let observed = run.series["train/loss"] ?? []
            return ScheduleFit(
                runID: run.id, law: law, metric: "train/loss", observed: observed,
                predicted: zip(steps, predicted).map { CurvePoint(step: $0, value: $1) })
        }
    }
}
