import Foundation
import KilnProtocol
import Testing
@testable import KilnFit

@Suite struct ChinchillaFitTests {
    /// A 7×8 grid of (N, D) from 1e8 to 1e10 parameters and 20 to 200 tokens per parameter, losses exact.
    static func exactGrid(_ law: ChinchillaLaw) throws -> ScalingData {
        var points: [ScalingPoint] = []
        for i in 0..<7 {
            let params = pow(10, 8 + 2 * Double(i) / 6)
            for j in 0..<8 {
                let tokens = params * pow(10, log10(20) + Double(j) / 7)
                points.append(
                    ScalingPoint(params: params, tokens: tokens, loss: law.loss(params: params, tokens: tokens)))
            }
        }
        return try ScalingData(points: points)
    }

    /// A grid of 2·2·3·3·3 = 108 starts around the plausible region, to keep tests quick.
    static let smallGrid = ChinchillaFit.Grid(
        a: [5, 10], b: [5, 10], e: [-0.5, 0, 0.5], alpha: [0.2, 0.5, 1], beta: [0.2, 0.5, 1])

    @Test("Approach 3 on points computed exactly from Hoffmann et al.'s parameters returns those parameters")
    func recoversHoffmann() throws {
        let result = try ChinchillaFit.fit(Self.exactGrid(.hoffmann))  // the full 4,500-start grid
        let law = result.law, truth = ChinchillaLaw.hoffmann
        #expect(abs(law.E - truth.E) / truth.E < 1e-4)
        #expect(abs(law.A - truth.A) / truth.A < 1e-3)
        #expect(abs(law.B - truth.B) / truth.B < 1e-3)
        #expect(abs(law.alpha - truth.alpha) < 1e-4)
        #expect(abs(law.beta - truth.beta) < 1e-4)
        #expect(abs(law.paramsExponent - 0.28 / 0.62) < 1e-4)
        #expect(result.starts == 4500)
        #expect(result.startsReachingBest > 0)
    }

    @Test("Approach 3 on noisy points recovers the law within tolerance, and bootstrap intervals cover the truth")
    func noisyWithBootstrap() throws {
        let data = ScalingData.sample(from: .hoffmann, count: 250, noise: 0.005, seed: 7)
        var options = ChinchillaFit.Options()
        options.grid = Self.smallGrid
        options.bootstrap = 40
        options.seed = 11
        let result = try ChinchillaFit.fit(data, options: options)
        #expect(abs(result.law.alpha - 0.34) < 0.03)
        #expect(abs(result.law.beta - 0.28) < 0.03)
        #expect(abs(result.law.E - 1.69) < 0.05)
        #expect(abs(result.law.paramsExponent - 0.28 / 0.62) < 0.03)
        let alpha = try #require(result.interval("alpha")), a = try #require(result.interval("a"))
        #expect(alpha.contains(result.law.alpha) && a.contains(result.law.paramsExponent))
        // Relative convergence: intervals are not collapsed around the starting point.
        #expect(alpha.upper - alpha.lower > 0.002)
        #expect(result.bootstrapConverged == 40)
        // The same seed gives the same intervals.
        let again = try ChinchillaFit.fit(data, options: options)
        #expect(again.interval("alpha") == alpha)
    }

    @Test("Screening the grid with looser tolerances finds the same optimum as running every start to full convergence")
    func screeningKeepsTheOptimum() throws {
        let data = ScalingData.sample(from: .hoffmann, count: 100, noise: 0.01, seed: 5)
        var full = ChinchillaFit.Options()
        full.screening = nil
        let screened = try ChinchillaFit.fit(data), exhaustive = try ChinchillaFit.fit(data, options: full)
        #expect(abs(screened.loss! - exhaustive.loss!) <= 1e-10 * exhaustive.loss!)
        for (s, e) in zip(screened.law.logParameters, exhaustive.law.logParameters) { #expect(abs(s - e) < 1e-5) }
    }

    @Test("The compute-optimal frontier satisfies C = 6·N_opt·D_opt and minimises loss at fixed compute")
    func frontier() {
        let law = ChinchillaLaw.hoffmann, compute = 1e21
        let n = law.optimalParams(compute: compute), d = law.optimalTokens(compute: compute)
        #expect(abs(6 * n * d / compute - 1) < 1e-9)
        let best = law.loss(params: n, tokens: d)
        for factor in [0.9, 1.1] {
            #expect(law.loss(params: n * factor, tokens: d / factor) > best)
        }
    }

    @Test("Too few points is an error naming the count")
    func tooFew() throws {
        let data = ScalingData.sample(from: .hoffmann, count: 4, noise: 0, seed: 1)
        #expect(throws: FitError(.tooFewPoints(what: "points", needed: 5, found: 4), source: "sample")) {
            try ChinchillaFit.fit(data)
        }
    }

    @Test("JSON carries the named parameters, intervals, loss and data count")
    func json() throws {
        var options = ChinchillaFit.Options()
        options.grid = Self.smallGrid
        options.bootstrap = 5
        let json = try ChinchillaFit.fit(
            ScalingData.sample(from: .hoffmann, count: 60, noise: 0.01, seed: 2), options: options
        ).json
        for key in ["E", "A", "B", "alpha", "beta", "a", "b"] {
            #expect(json["parameters"]?[key]?.doubleValue != nil, "parameters.\(key)")
            #expect(json["intervals"]?[key] != nil, "intervals.\(key)")
        }
        #expect(json["data_count"] == .integer(60))
        #expect(json["loss"]?.doubleValue != nil)
    }
}
