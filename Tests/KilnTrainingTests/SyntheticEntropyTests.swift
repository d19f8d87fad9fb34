import Foundation
import KilnLearningRate
import KilnProtocol
import Testing

@testable import KilnTraining

@Suite struct SyntheticEntropyTests {
    @Test("a two-state chain's entropy rate equals the closed form π₀h(a) + π₁h(b)")
    func closedForm() {
        let (a, b) = (0.2, 0.6)
        let chain = MarkovSource(alphabet: [0, 1], transitions: [[1 - a, a], [b, 1 - b]])
        func h(_ p: Double) -> Double { -(p * log(p) + (1 - p) * log(1 - p)) }
        let pi0 = b / (a + b)
        #expect(abs(chain.stationary[0] - pi0) < 1e-12)
        #expect(abs(chain.entropyRate - (pi0 * h(a) + (1 - pi0) * h(b))) < 1e-12)
        // the sample's transition frequencies agree with the chain
        let sample = chain.generate(count: 100_000, seed: 1)
        let fromZero = zip(sample, sample.dropFirst()).filter { $0.0 == 0 }
        let switched = Double(fromZero.filter { $0.1 == 1 }.count) / Double(fromZero.count)
        #expect(abs(switched - a) < 0.01)
    }

    /// Every target byte has at least its predecessor in the window, so an order-1 chain's best
    /// achievable loss is its entropy rate H. On the evaluator's exact windows the true chain scores
    /// `oracle` (H ± sampling noise, about 0.01 nats for 4096 bytes); a trained model may not beat the
    /// true chain by more than 0.01 and should come within 0.03 of it.
    @Test("on a Markov source, validation loss approaches the exact entropy rate from above")
    func approachesEntropyRate() throws {
        let chain = MarkovSource(alphabet: Array("abcd".utf8), seed: 5, peakedness: 4)
        let fixture = try TrainingFixture(text: chain.generate(count: 100_000, seed: 6))
        defer { fixture.remove() }
        let valPath = fixture.folder.appendingPathComponent("val.txt").path
        let val = chain.generate(count: 50_000, seed: 7)
        try Data(val).write(to: URL(fileURLWithPath: valPath))
        var config = fixture.config(steps: 300, lr: 1e-2)
        config.context = 16
        config.batch = 16
        config.eval = [EvalSet(name: "markov", source: valPath)]
        config.evalEvery = 100
        config.evalBatches = 16
        let recorded = MessageLog()
        _ = try TrainingLoop(config: config, emit: recorded.record).run()
        let curve = recorded.messages.compactMap { message -> Double? in
            if case .metrics(_, let values) = message { values["val/markov/loss"] } else { nil }
        }
        let evaluator = try Evaluator(name: "markov", source: valPath, dataDir: "", context: 16, batches: 16)
        let starts = evaluator.windowStarts(context: 16, batch: 16)
        let oracle =
            starts.reduce(0.0) { total, start in
                total + (0..<16).reduce(0.0) { $0 + chain.surprisal(next: val[start + $1 + 1], after: val[start + $1]) }
            } / Double(starts.count * 16)
        #expect(abs(oracle - chain.entropyRate) < 0.05)
        #expect(curve.count == 3)
        for value in curve { #expect(value > oracle - 0.01, "val loss \(value) below the true chain's \(oracle)") }
        #expect(try #require(curve.last) < oracle + 0.03, "val loss \(curve) did not approach \(oracle)")
        #expect(chain.entropyRate < chain.stationaryEntropy - 0.2)  // context matters, so learning shows
    }
}
