import Foundation
import KilnProtocol
import Testing
@testable import KilnFit

@Suite struct BoundWarningTests {
    @Test("A parameter that ends on a bound is named in a warning, in the table and the JSON")
    func annealingTermAtZero() throws {
        // The LR decays, but the loss follows the forward area alone: C has nothing to fit and goes to its bound 0.
        let law = AnnealingLaw(L0: 2.6, A: 0.5, alpha: 0.5, C: 0)
        let curves = try [SyntheticCurves.cosine, SyntheticCurves.wsd].enumerated().map { i, lrs in
            try SyntheticCurves.curve(law, schedule: lrs, name: "run\(i)", noise: 0, seed: 1)
        }
        var options = ScheduleFitOptions()
        options.lambda = 0.999
        let fit = try AnnealingLaw.fit(curves: curves, options: options)
        let message = "C hit its bound 0: these curves do not identify C"
        #expect(fit.warnings == [message])
        #expect(fit.table().contains("warning: " + message))
        #expect(fit.json["warnings"] == .array([.string(message)]))
    }

    @Test("A fit whose parameters are inside their bounds has no warning, and no warnings member in its JSON")
    func noWarning() throws {
        let fit = try AnnealingLaw.fit(curves: [SyntheticCurves.annealing(cosine: true)])
        #expect(fit.warnings.isEmpty && fit.json["warnings"] == nil)
    }

    @Test("The multi-power law's bounds: β and γ at 0 or 1, B at B_max, named with their symbols")
    func multiPowerBounds() throws {
        let objective = MultiPowerObjective(
            curves: [try SyntheticCurves.multiPower(schedule: SyntheticCurves.cosine)], delta: 1e-3)
        #expect(
            objective.boundWarnings([log(2.4), log(0.5), 0.5, 0, log(2), 0, 10])
                == ["γ hit its bound 1: these curves do not identify γ"])
        #expect(
            objective.boundWarnings([log(2.4), log(0.5), 0.5, 10, log(2), -10, 0])
                == [
                    "B hit its bound B_max = \(formatted(objective.maxB)) (the lowest loss over the peak LR): these curves do not identify B",
                    "β hit its bound 0: these curves do not identify β",
                ])
        #expect(objective.boundWarnings([log(2.4), log(0.5), 0.5, 0, log(2), 0, 0]).isEmpty)
    }
}
