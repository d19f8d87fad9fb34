import Foundation

extension SyntheticReport {
    /// A continual-pretraining sweep after Gupta et al. 2023: one pretrained parent, a from-scratch
    /// baseline, and six rewarmed runs (warmup 0 or 1%, peak 0.5×/1×/2×, replay 0 or 5%) with upstream
    /// (`val/pile/loss`) and downstream (`val/slimpajama/loss`) losses, plus two LR-annealing-law fits.
    package static func continualModel() -> ReportModel {
        let sweep = ReportSweep(id: 3, name: "rewarm", description: "Synthetic rewarm study")
        let steps = (0...200).map { $0 * 25 }
        func curve(_ value: (Double) -> Double) -> [CurvePoint] {
            steps.map { CurvePoint(step: $0, value: value(Double($0) / 5000)) }
        }
        var runs = [
            ReportRun(
                id: 200, name: "pretrain", sweep: sweep.name, stage: "pretrain", params: ["peak_lr": .number(3e-4)],
                series: ["val/pile/loss": curve { 2.2 + 1.5 * pow(1 + 40 * $0, -0.6) }]),
            ReportRun(
                id: 201, name: "scratch", sweep: sweep.name, stage: "baseline", params: ["peak_lr": .number(3e-4)],
                series: [
                    "val/pile/loss": curve { 2.9 + 2.0 * pow(1 + 30 * $0, -0.6) },
                    "val/slimpajama/loss": curve { 2.5 + 2.2 * pow(1 + 30 * $0, -0.6) },
                ]),
        ]
        var ids: [Int64] = []
        var fits: [FittedCurve] = []
        for (index, (warmup, scale)) in [(0.0, 0.5), (0.0, 1.0), (0.0, 2.0), (0.01, 0.5), (0.01, 1.0), (0.01, 2.0)]
            .enumerated()
        {
            let id = Int64(210 + index)
            let replay = index % 2 == 0 ? 0.0 : 0.05
            let forgetting = 0.12 * scale * (1 - 4 * replay)
            let upstream = curve { t in 2.35 + forgetting * exp(-pow(t - 0.08, 2) / 0.01) + 0.05 * t }
            let downstream = curve { t in
                2.35 + 0.9 * pow(1 + 25 * scale * t, -0.5) + 0.04 * warmup * 100 * exp(-t * 30)
            }
            runs.append(
                ReportRun(
                    id: id, name: "cpt-w\(NumberFormatting.plain(warmup))-x\(NumberFormatting.plain(scale))",
                    sweep: sweep.name,
                    stage: "cpt",
                    params: ["warmup": .number(warmup), "peak_lr": .number(3e-4 * scale), "replay": .number(replay)],
                    parentRunID: 200, series: ["val/pile/loss": upstream, "val/slimpajama/loss": downstream]))
            ids.append(id)
            if index < 2 {
                let predicted = downstream.map {
                    CurvePoint(step: $0.step, value: $0.value * (1 + 0.004 * sin(Double($0.step) / 700)))
                }
                let law = FittedLaw(
                    name: "lr-annealing", formula: "L(s) = L0 + A·S1^(−α) − C·S2",
                    parameters: [
                        FitParameter(name: "L0", value: 2.3), FitParameter(name: "A", value: 0.9),
                        FitParameter(name: "α", value: 0.5), FitParameter(name: "C", value: 120),
                    ])
                fits.append(
                    FittedCurve(
                        runID: id, law: law, metric: "val/slimpajama/loss", observed: downstream, predicted: predicted))
            }
        }
        return ReportModel(
            sweeps: [sweep], runs: runs,
            continualPretraining: ContinualPretraining(
                upstreamMetric: "val/pile/loss", downstreamMetric: "val/slimpajama/loss",
                settingKeys: ["warmup", "peak_lr", "replay"], runIDs: ids, baselineRunIDs: [201]),
            scheduleFits: fits)
    }
}
