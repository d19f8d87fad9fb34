import Foundation
import KilnProtocol
import Testing
@testable import KilnFit

/// A fit whose data cannot identify it refuses, saying why; no fit ever reports a NaN or an infinity.
@Suite struct IdentifiabilityTests {
    static let grid = ChinchillaFitTests.smallGrid

    /// Points of Hoffmann's law at every (N, D) of the two lists.
    static func points(sizes: [Double], tokens: [Double], flops: Bool = false) throws -> ScalingData {
        let law = ChinchillaLaw.hoffmann
        return try ScalingData(
            points: sizes.flatMap { n in
                tokens.map { d in
                    ScalingPoint(
                        params: n, tokens: d, loss: law.loss(params: n, tokens: d), flops: flops ? 6 * n * d : nil)
                }
            }, source: "results.csv")
    }

    /// The fit's table and JSON, which must hold no `nan` or `inf` in any spelling.
    static func expectFinite(_ report: some FitReport, sourceLocation: SourceLocation = #_sourceLocation) {
        for text in [report.table(), report.json.serialized()] {
            let lower = text.lowercased()
            #expect(!lower.contains("nan") && !lower.contains("inf"), "\(text)", sourceLocation: sourceLocation)
        }
    }

    @Test("Approach 3 with one model size refuses: A and α need at least 3 distinct N")
    func oneModelSize() throws {
        let data = try Self.points(sizes: [5e7], tokens: [1e9, 2e9, 5e9, 1e10, 2e10, 5e10])
        var options = ChinchillaFit.Options()
        options.grid = Self.grid
        let error = try #require(throws: FitError.self) { try ChinchillaFit.fit(data, options: options) }
        #expect(
            error.description
                == "results.csv: Approach 3 needs at least 3 distinct model sizes N to identify A and alpha, found 1")
    }

    @Test("Approach 3 with one token count refuses: B and β need at least 3 distinct D")
    func oneTokenCount() throws {
        let data = try Self.points(sizes: [1e7, 2e7, 5e7, 1e8, 2e8, 5e8], tokens: [1e10])
        var options = ChinchillaFit.Options()
        options.grid = Self.grid
        let error = try #require(throws: FitError.self) { try ChinchillaFit.fit(data, options: options) }
        #expect(
            error.description
                == "results.csv: Approach 3 needs at least 3 distinct token counts D to identify B and beta, found 1")
    }

    @Test(
        "A fitted law whose loss rises with N (the issue's alpha = -0.112) is refused instead of printing a NaN frontier"
    )
    func risingWithSize() throws {
        let law = ChinchillaLaw(E: 1.7, A: 400, B: 410, alpha: -0.112, beta: 0.28)
        #expect(law.frontierCoefficient.isNaN, "what the table printed as -nan")
        let error = try #require(throws: FitError.self) { try ChinchillaFit.requireFrontier(law, source: "rising") }
        #expect(
            error.description
                == "rising: the fitted law has alpha = -0.112: loss does not fall as the model grows over "
                + "these points, so the compute-optimal frontier is undefined; add runs of more model sizes")
        var flat = law
        (flat.alpha, flat.beta) = (0.34, 0)
        #expect(throws: FitError.self) { try ChinchillaFit.requireFrontier(flat, source: nil) }
        #expect(throws: Never.self) { try ChinchillaFit.requireFrontier(.hoffmann, source: nil) }
    }

    @Test("Approach 1 with one model size refuses: N_opt(C) needs 2 distinct N on the envelope")
    func envelopeOneSize() throws {
        let data = try Self.points(sizes: [5e7], tokens: [1e9, 2e9, 5e9, 1e10])
        let error = try #require(throws: FitError.self) { try EnvelopeFit.fit(data) }
        #expect(
            error.description
                == "results.csv: Approach 1 needs at least 2 distinct model sizes N on the loss-FLOPs envelope, found 1"
        )
    }

    @Test("Approach 2: a budget whose runs share one model size is not fitted, and says so")
    func isoFLOPOneSizePerBudget() throws {
        // Three runs per budget, but all of one size: no parabola in N can be fitted.
        var points: [ScalingPoint] = []
        for c in [1e18, 1e19, 1e20] {
            let n = ChinchillaLaw.hoffmann.optimalParams(compute: c)
            for loss in [3.0, 2.9, 3.1] {
                points.append(ScalingPoint(params: n, tokens: c / (6 * n), loss: loss, flops: c))
            }
        }
        let error = try #require(throws: FitError.self) {
            try IsoFLOPFit.fit(ScalingData(points: points, source: "iso"))
        }
        #expect(error.description.contains("fewer than 3 distinct model sizes"), "\(error)")
    }

    @Test("The annealing law fitted only on constant-LR curves refuses: C needs a run whose LR decays")
    func annealingWithoutDecay() throws {
        let constant = (0..<SyntheticCurves.steps).map { n in
            SyntheticCurves.peak * min(1, Double(n + 1) / Double(SyntheticCurves.warmup))
        }
        let curve = try SyntheticCurves.curve(
            SyntheticCurves.annealingLaw, schedule: constant, name: "constant", noise: 0, seed: 1)
        let annealing = try #require(throws: FitError.self) { try AnnealingLaw.fit(curves: [curve]) }
        #expect(
            annealing.description
                == "the runs fitted on never lower their learning rate after warmup, so the law's annealing terms cannot be identified; fit on at least one run whose LR decays (cosine, WSD, …)"
        )
        let multiPower = try #require(throws: FitError.self) { try MultiPowerLaw.fit(curves: [curve]) }
        #expect(multiPower == annealing)
    }

    @Test("A report table writes a missing value as '-', never 'nan'")
    func formattedNonFinite() {
        #expect(formatted(.nan) == "-")
        #expect(formatted(-.nan) == "-")
        #expect(formatted(.infinity) == "-")
        #expect(formatted(0.5) == "0.5")
    }
}
