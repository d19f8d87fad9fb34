import Foundation
import KilnFit
import KilnLearningRate

/// `kiln bench fit --schedule`: the loss-curve laws on logs that stand for real ones.
extension BenchFit {
    /// The true laws the curves are drawn from: a loss that falls from about 3.9 to 2.9 over 100,000 steps at a
    /// peak LR of 3e-4, with a loss drop of about 0.2 when the LR decays.
    static let annealingTruth = AnnealingLaw(L0: 2.6, A: 1.0, alpha: 0.4, C: 0.8, lambda: 0.999)
    static let multiPowerTruth = MultiPowerLaw(L0: 2.6, A: 1.0, alpha: 0.4, B: 600, C: 0.5, beta: 0.5, gamma: 0.5)

    /// Generates 3 schedules × `steps` per-step curves from each law, fits both laws to each set and prints the
    /// time of each fit and how well the generating law's parameters are recovered.
    func runSchedule() throws {
        let peak = 3e-4, warmup = max(1, steps / 100)
        let schedules: [(String, any Schedule)] = [
            ("cosine", DecaySchedule(peak: peak, warmup: warmup, total: steps, floor: 0.1, shape: .cosine)),
            (
                "wsd",
                WarmupStableDecay(peak: peak, warmup: warmup, total: steps, decay: steps / 5, shape: .linear, floor: 0)
            ),
            (
                "multistep",
                MultiStepSchedule(
                    peak: peak, warmup: warmup, total: steps, milestones: [0.8, 0.9], factor: 10.0.squareRoot())
            ),
        ]
        let initialLoss = log(50_257.0), transient = Double(steps) / 200
        print(
            "Loss-curve laws: \(schedules.count) schedules (\(schedules.map(\.0).joined(separator: ", "))) × \(steps) steps, every "
                + "step logged; noise \(formatted(100 * noise))% (log AR(1), correlation \(formatted(correlation))); transient from "
                + "\(formatted(initialLoss)) over \(formatted(transient)) steps; \(ProcessInfo.processInfo.activeProcessorCount) threads"
        )
        var options = ScheduleFitOptions()
        options.bootstrap = bootstrap
        let truths: [(String, any LossCurveLaw)] = [
            ("annealing", Self.annealingTruth), ("multipower", Self.multiPowerTruth),
        ]
        for (index, (name, truth)) in truths.enumerated() {
            let curves = try schedules.enumerated().map { i, schedule in
                try LossCurve.sample(
                    run: schedule.0, law: truth, lrs: schedule.1.learningRates(count: steps), warmupSteps: warmup,
                    initialLoss: initialLoss, transientSteps: transient, noise: noise, correlation: correlation,
                    seed: seed &+ UInt64(10 * index + i))
            }
            if let csvOut {
                let path =
                    truths.count > 1 ? csvOut.replacingOccurrences(of: ".csv", with: "") + "-\(name).csv" : csvOut
                try LossCurve.csv(curves).write(toFile: path, atomically: true, encoding: .utf8)
                print("  wrote \(path)")
            }
            print(
                "data from the \(name) law: "
                    + truth.estimates.map { "\($0.name)=\(formatted($0.value))" }.joined(separator: " "))
            var total = 0.0
            let fits: [(String, () throws -> (any FitReport, any LossCurveLaw))] = [
                (
                    "annealing",
                    {
                        let fit = try AnnealingLaw.fit(curves: curves, options: options); return (fit, fit.law)
                    }
                ),
                (
                    "multipower",
                    {
                        let fit = try MultiPowerLaw.fit(curves: curves, options: options); return (fit, fit.law)
                    }
                ),
            ]
            for (lawName, fit) in fits {
                let began = Date()
                let (report, fitted) = try fit()
                let seconds = Date().timeIntervalSince(began)
                total += seconds
                print(
                    "  fit \(lawName.padding(toLength: 10, withPad: " ", startingAt: 0)) \(formatted(seconds)) s, "
                        + "\(report.dataCount) rows, objective \(formatted(report.loss ?? .nan))")
                guard lawName == name else { continue }
                for estimate in report.estimates {
                    let truthValue = truth.estimates.first { $0.name == estimate.name }?.value ?? .nan
                    let interval = estimate.interval.map { " [\(formatted($0.lower)), \(formatted($0.upper))]" } ?? ""
                    print(
                        "    \(estimate.name.padding(toLength: 7, withPad: " ", startingAt: 0)) \(formatted(estimate.value))\(interval) "
                            + "(true \(formatted(truthValue)), \(formatted(100 * (estimate.value - truthValue) / truthValue))%)"
                    )
                }
                for warning in report.warnings { print("    warning: \(warning)") }
                print(
                    "    final loss vs the noise-free truth: "
                        + curves.map { curve in
                            let lrs = curve.denseLearningRates, last = [lrs.count - 1]
                            let exact = truth.predict(lrs: lrs, warmupSteps: warmup, at: last)[0]
                            let error = (fitted.predict(lrs: lrs, warmupSteps: warmup, at: last)[0] - exact) / exact
                            return "\(curve.run) \(formatted(100 * error))%"
                        }.joined(separator: ", "))
            }
            print("  both laws: \(formatted(total)) s")
        }
    }
}
