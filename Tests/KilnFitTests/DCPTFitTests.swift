import Foundation
import KilnProtocol
import Testing
@testable import KilnFit

/// The D-CPT law: fitted on points drawn from known laws it recovers them, chooses the ratio the true laws
/// choose, predicts held-out ratios, and refuses data that cannot identify it.
@Suite struct DCPTFitTests {
    /// Over r in [0, 1] and the sampled N and D the domain loss falls with the domain ratio r and the general loss
    /// with the general share 1 − r, as in continual pretraining.
    static let domain = DCPTLaw(
        E: 1.2, A: 300, B: 800, C: 0.4, alpha: 0.35, beta: 0.3, gamma: 0.6, eta: 0.05, epsilon: 0.01)
    static let general = DCPTLaw(
        E: 1.6, A: 400, B: 400, C: 0.2, alpha: 0.34, beta: 0.28, gamma: 0.5, eta: 0.01, epsilon: 0.01)
    static let sizes = [2e7, 5e7, 1e8, 2e8], tokens = [1e8, 3e8, 1e9], ratios = [0.1, 0.2, 0.35, 0.5, 0.7, 0.9]

    static func sample(noise: Double, ratios: [Double] = ratios, sizes: [Double] = sizes) -> MixtureData {
        MixtureData.sample(
            general: general, domain: domain, sizes: sizes, tokens: tokens, ratios: ratios, noise: noise, seed: 7)
    }

    /// The largest relative difference between the two laws' losses over the sampled N, D and ratios in [0.1, 0.9].
    static func largestDifference(_ a: DCPTLaw, _ b: DCPTLaw) -> Double {
        var largest = 0.0
        for n in sizes {
            for d in tokens {
                for step in 2...18 {
                    let r = Double(step) / 20
                    let x = a.loss(params: n, tokens: d, ratio: r), y = b.loss(params: n, tokens: d, ratio: r)
                    largest = max(largest, abs(x - y) / y)
                }
            }
        }
        return largest
    }

    @Test("without noise the fit recovers every parameter of both laws within 2%")
    func recoversExactLaws() throws {
        var options = DCPTFit.Options()
        options.bootstrap = 0
        let result = try DCPTFit.fit(Self.sample(noise: 0), options: options)
        for (fitted, truth) in [(result.general, Self.general), (result.domain, Self.domain)] {
            for ((name, value), (_, expected)) in zip(fitted.namedValues, truth.namedValues) {
                #expect(abs(value - expected) <= 0.02 * abs(expected), "\(name): \(value) vs \(expected)")
            }
        }
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        var collapsed = result
        collapsed.domain.E = 1e-12
        #expect(collapsed.warnings == ["domain E hit its bound 0: these runs do not identify domain E"])
    }

    @Test(
        "with 0.5% noise both laws predict within 1% over the sampled range and the exponents α, β within 0.1 (E, A and α trade off over a 10× range of N)"
    )
    func recoversNoisyLaws() throws {
        var options = DCPTFit.Options()
        options.bootstrap = 40
        let result = try DCPTFit.fit(Self.sample(noise: 0.005), options: options)
        #expect(Self.largestDifference(result.general, Self.general) < 0.01)
        #expect(Self.largestDifference(result.domain, Self.domain) < 0.01)
        for (fitted, truth) in [(result.general, Self.general), (result.domain, Self.domain)] {
            #expect(abs(fitted.alpha - truth.alpha) < 0.1 && abs(fitted.beta - truth.beta) < 0.1, "\(fitted)")
        }
        for estimate in result.estimates {
            let interval = try #require(estimate.interval, "\(estimate.name) has an interval")
            #expect(interval.lower <= interval.upper, "\(estimate.name)")
        }
    }

    @Test("r* is the largest ratio whose general loss stays within the limit, as bisection on the true laws finds")
    func optimalRatioOfTheTrueLaws() throws {
        let (n, d, limit) = (2e8, 1e9, 0.01)
        let choice = DCPTFit.optimalRatio(
            general: Self.general, domain: Self.domain, params: n, tokens: d, baseline: 0, maxIncrease: limit)
        // Here the domain loss falls and the general loss rises with r, so r* solves Lg(1 − r) = (1 + limit)·Lg(1).
        let target = (1 + limit) * Self.general.loss(params: n, tokens: d, ratio: 1)
        var (low, high) = (0.0, 1.0)
        for _ in 0..<60 {
            let mid = (low + high) / 2
            if Self.general.loss(params: n, tokens: d, ratio: 1 - mid) <= target { low = mid } else { high = mid }
        }
        #expect(abs(choice.ratio - low) <= 1e-4, "r* \(choice.ratio) vs \(low)")
        #expect(choice.generalLoss <= target)
        #expect(choice.baselineGeneralLoss == Self.general.loss(params: n, tokens: d, ratio: 1))
    }

    @Test("fitted on four ratios, the law predicts the two held out and chooses the true r* within 0.02")
    func holdOutAndChoose() throws {
        var options = DCPTFit.Options()
        (options.bootstrap, options.holdOut, options.maxGeneralIncrease) = (20, [0.35, 0.7], 0.01)
        let result = try DCPTFit.fit(Self.sample(noise: 0.002), options: options)
        #expect(result.dataCount == 4 * 3 * 4)
        #expect(result.predictions.count == 2 * 4 * 3)
        let mean = try #require(result.meanPredictionError)
        #expect(mean.general < 0.005 && mean.domain < 0.005, "\(mean)")
        let truth = DCPTFit.optimalRatio(
            general: Self.general, domain: Self.domain, params: 2e8, tokens: 1e9, baseline: 0, maxIncrease: 0.01)
        #expect(abs(result.optimum.ratio - truth.ratio) < 0.02, "\(result.optimum.ratio) vs \(truth.ratio)")
        let interval = try #require(result.estimates.last?.interval)
        #expect(result.estimates.last?.name == "r_opt" && interval.lower <= interval.upper)
        let text = result.table() + result.json.serialized()
        #expect(!text.lowercased().contains("nan") && !text.lowercased().contains("inf"))
        #expect(result.table().contains("mean prediction error"))
    }

    @Test("too few model sizes, ratios or points: the fit refuses and says why")
    func refusesUnidentified() throws {
        let oneSize = Self.sample(noise: 0, sizes: [1e8])
        #expect(
            throws: FitError(
                .unfit("the D-CPT law needs at least 3 distinct model sizes N to identify A and alpha, found 1"),
                source: "sample")
        ) {
            try DCPTFit.fit(oneSize)
        }
        let threeRatios = Self.sample(noise: 0, ratios: [0.1, 0.5, 0.9])
        #expect(
            throws: FitError(
                .unfit(
                    "the D-CPT law needs at least 4 distinct mixture ratios r to identify C, gamma and eta, found 3"),
                source: "sample")
        ) {
            try DCPTFit.fit(threeRatios)
        }
        var options = DCPTFit.Options()
        options.holdOut = [0.1, 0.2, 0.35]
        #expect(
            throws: FitError(
                .unfit(
                    "the D-CPT law needs at least 4 distinct mixture ratios r to identify C, gamma and eta, found 3"),
                source: "sample")
        ) {
            try DCPTFit.fit(Self.sample(noise: 0), options: options)
        }
        options.holdOut = [0.4]
        let error = try #require(throws: FitError.self) { try DCPTFit.fit(Self.sample(noise: 0), options: options) }
        #expect(
            error.description == "sample: no point has ratio 0.4 to hold out (ratios: 0.1, 0.2, 0.35, 0.5, 0.7, 0.9)")
    }

    @Test("a mixture CSV round-trips, and a ratio outside [0, 1] is an error at its line")
    func csv() throws {
        let data = Self.sample(noise: 0.01)
        let read = try MixtureData(csv: CSVTable(text: data.csv(), source: "m.csv"))
        #expect(read.points == data.points)
        let bad = "params,tokens,ratio,general_loss,domain_loss\n1e8,1e9,0.5,2,2\n1e8,1e9,1.5,2,2\n"
        let error = try #require(throws: FitError.self) { try MixtureData(csv: CSVTable(text: bad, source: "m.csv")) }
        #expect(error.description == "m.csv:3: ratio is not a number in [0, 1] ('1.5')")
    }
}

extension DCPTFitTests {
    @Test("D-CPT objective: analytic gradient matches finite differences, with and without points at r = 0")
    func gradient() {
        var points = Self.sample(noise: 0.01).points
        points.append(MixturePoint(params: 5e7, tokens: 3e8, ratio: 0, generalLoss: 2.4, domainLoss: 3.1))
        for delta in [1e-3, 1.0] {
            var options = DCPTFit.Options()
            options.huberDelta = delta
            for general in [true, false] {
                let objective = DCPTFit.objective(points, general: general, options: options)
                expectGradientMatches(objective.callAsFunction, at: [0.2, 5.9, 6.7, -1.2, 0.35, 0.3, 0.6, 0.05])
                expectGradientMatches(objective.callAsFunction, at: [-0.5, 3.0, 8.0, -3.0, 0.2, 0.5, 0.3, 0.4])
            }
        }
    }
}
