import Foundation
import KilnLearningRate
import KilnProtocol
import KilnStore

/// Deterministic synthetic report models: for the `kiln bench report` benchmark, the tests, and the
/// screenshot script. Curves follow a power law in steps, shaped by the LR schedule, with seeded noise.
package enum SyntheticReport {
    /// An LR-schedule sweep of `runs` runs, each with `points` points of `lr`, `train/loss`,
    /// `val/web/loss` and `val/code/loss` (logged every 10 steps), parameters `schedule`, `peak_lr`,
    /// `warmup` and `seed`.
    package static func model(runs: Int = 1000, points: Int = 1000) -> ReportModel {
        let sweep = ReportSweep(id: 1, name: "lr-sweep", description: "Synthetic LR-schedule sweep")
        let total = max(points, 2) * 10
        let peaks = [3e-4, 6e-4, 1e-3, 2e-3, 4e-3]
        let kinds = ["cosine", "wsd", "constant"]
        var result: [ReportRun] = []
        result.reserveCapacity(runs)
        var noise = SplitMix64(seed: 42)
        for index in 0..<runs {
            let kind = kinds[index % kinds.count]
            let peak = peaks[(index / kinds.count) % peaks.count]
            let warmup = [100, 500][(index / (kinds.count * peaks.count)) % 2]
            let schedule: any Schedule =
                switch kind {
                case "cosine": DecaySchedule(peak: peak, warmup: warmup, total: total, floor: 0.1, shape: .cosine)
                case "wsd":
                    WarmupStableDecay(peak: peak, warmup: warmup, total: total, decay: total / 5, shape: .oneMinusSqrt)
                default: ConstantSchedule(peak: peak, warmup: warmup)
                }
            // A good peak is near 1e-3: further away in log space costs loss.
            let quality = 0.08 * pow(log10(peak / 1e-3), 2) + 0.002 * Double(index % 7)
            var series: [String: [CurvePoint]] = [:]
            var rates: [CurvePoint] = []
            var train: [CurvePoint] = []
            var web: [CurvePoint] = []
            var code: [CurvePoint] = []
            var area = 0.0
            for point in 0..<points {
                let step = point * 10
                let rate = schedule.learningRate(at: step)
                area += rate * 10
                let annealed = (peak - rate) / peak
                let base = 1.6 + quality + 2.4 * pow(1 + area / (peak * 200), -0.45) - 0.06 * annealed
                rates.append(CurvePoint(step: step, value: rate))
                train.append(CurvePoint(step: step, value: base + 0.03 * (2 * noise.nextUniform() - 1)))
                web.append(CurvePoint(step: step, value: base + 0.05 + 0.01 * (2 * noise.nextUniform() - 1)))
                code.append(CurvePoint(step: step, value: base + 0.35 + 0.01 * (2 * noise.nextUniform() - 1)))
            }
            series["lr"] = rates
            series["train/loss"] = train
            series["val/web/loss"] = web
            series["val/code/loss"] = code
            result.append(
                ReportRun(
                    id: Int64(index + 1), name: "\(kind)-lr\(NumberFormatting.plain(peak))-w\(warmup)-\(index)",
                    sweep: sweep.name, status: index % 97 == 13 ? .failed : .succeeded,
                    params: [
                        "schedule": .text(kind), "peak_lr": .number(peak), "warmup": .number(Double(warmup)),
                        "seed": .number(Double(index)),
                    ],
                    parameterCount: 20_000_000, tokens: Int64(total) * 65_536, flops: 6 * 2e7 * Double(total) * 65_536,
                    wallTimeSeconds: 600 + Double(index % 13) * 17, series: series))
        }
        return ReportModel(sweeps: [sweep], runs: result)
    }

    /// A small Chinchilla-style scaling sweep: 3 budgets × 5 sizes, with the fitted law (published
    /// Chinchilla constants), IsoFLOP parabolas and minima, and the frontier.
    package static func scalingModel() -> ReportModel {
        let law = (e: 1.69, a: 406.4, b: 410.7, alpha: 0.34, beta: 0.28)
        func loss(_ n: Double, _ d: Double) -> Double { law.e + law.a / pow(n, law.alpha) + law.b / pow(d, law.beta) }
        let sweep = ReportSweep(id: 2, name: "scaling", description: "Synthetic IsoFLOP grid")
        var runs: [ReportRun] = []
        var profiles: [IsoFLOPProfile] = []
        var observed: [FrontierPoint] = []
        for (budgetIndex, flops) in [1e18, 1e19, 1e20].enumerated() {
            var points: [SizeLoss] = []
            for sizeIndex in 0..<5 {
                let optimum = 0.6 * pow(flops / 6, 0.5)
                let n = optimum * pow(3, Double(sizeIndex - 2))
                let d = flops / (6 * n)
                let final = loss(n, d)
                points.append(SizeLoss(parameters: n, loss: final))
                let id = Int64(100 + budgetIndex * 5 + sizeIndex)
                let curve = (0...50).map { CurvePoint(step: $0 * 100, value: final + 2.0 * pow(1 + Double($0), -0.7)) }
                runs.append(
                    ReportRun(
                        id: id,
                        name: "C\(NumberFormatting.significant(flops, digits: 1))-N\(NumberFormatting.count(n))",
                        sweep: sweep.name, params: ["flops": .number(flops), "n_params": .number(n.rounded())],
                        parameterCount: Int64(n), tokens: Int64(d), flops: flops, wallTimeSeconds: 3600,
                        series: [
                            "train/loss": curve,
                            "val/web/loss": curve.map { CurvePoint(step: $0.step, value: $0.value + 0.02) },
                        ]))
            }
            let parabola = parabolaThrough(points[1], points[2], points[3])
            let size = pow(10, -parabola.b / (2 * parabola.a))
            let minimum = SizeLoss(parameters: size, loss: parabola.loss(parameters: size))
            observed.append(FrontierPoint(flops: flops, parameters: size, tokens: flops / (6 * size)))
            profiles.append(IsoFLOPProfile(flops: flops, points: points, parabola: parabola, minimum: minimum))
        }
        let g = pow(law.alpha * law.a / (law.beta * law.b), 1 / (law.alpha + law.beta))
        let exponent = law.beta / (law.alpha + law.beta)
        let predicted = stride(from: 17.5, through: 21.0, by: 0.25).map { logC -> FrontierPoint in
            let c = pow(10, logC)
            return FrontierPoint(flops: c, parameters: g * pow(c / 6, exponent))
        }
        let fitted = FittedLaw(
            name: "chinchilla", formula: "L(N, D) = E + A/N^α + B/D^β",
            parameters: [
                FitParameter(name: "E", value: law.e, lower: 1.62, upper: 1.75),
                FitParameter(name: "A", value: law.a, lower: 350, upper: 470),
                FitParameter(name: "B", value: law.b, lower: 360, upper: 460),
                FitParameter(name: "α", value: law.alpha, lower: 0.31, upper: 0.37),
                FitParameter(name: "β", value: law.beta, lower: 0.26, upper: 0.30),
            ],
            notes: ["Synthetic: the published Chinchilla constants; 40 of 40 bootstrap fits converged."])
        return ReportModel(
            sweeps: [sweep], runs: runs,
            scaling: ScalingResults(
                laws: [fitted], isoFLOPs: profiles, frontier: ComputeFrontier(observed: observed, predicted: predicted))
        )
    }

    /// The parabola in log10 N through three points (Lagrange form expanded to a·x² + b·x + c).
    private static func parabolaThrough(_ p: SizeLoss, _ q: SizeLoss, _ r: SizeLoss) -> Parabola {
        let (x1, x2, x3) = (log10(p.parameters), log10(q.parameters), log10(r.parameters))
        let d1 = p.loss / ((x1 - x2) * (x1 - x3))
        let d2 = q.loss / ((x2 - x1) * (x2 - x3))
        let d3 = r.loss / ((x3 - x1) * (x3 - x2))
        return Parabola(
            a: d1 + d2 + d3, b: -(d1 * (x2 + x3) + d2 * (x1 + x3) + d3 * (x1 + x2)),
            c: d1 * x2 * x3 + d2 * x1 * x3 + d3 * x1 * x2)
    }
}
