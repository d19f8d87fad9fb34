import KilnFit
import Testing

@testable import KilnReport

/// A file that imports both KilnFit and KilnReport names each type without qualifying it: the report's
/// types for a drawn fit and its error do not shadow KilnFit's `ScheduleFit` and `FitError`.
@Suite struct FittedCurveTests {
    @Test("a fitted curve's prediction error is taken over the steps both curves have")
    func predictionErrorOverSharedSteps() throws {
        let law = FittedLaw(name: "multi-power", formula: "L(t)", parameters: [FitParameter(name: "L0", value: 2)])
        let curve = FittedCurve(
            runID: 1, law: law, metric: "val/prose/loss",
            observed: [CurvePoint(step: 0, value: 4), CurvePoint(step: 10, value: 2), CurvePoint(step: 20, value: 1)],
            predicted: [
                CurvePoint(step: 10, value: 2.5), CurvePoint(step: 20, value: 1), CurvePoint(step: 30, value: 9),
            ])
        let error = try #require(PredictionError(observed: curve.observed, predicted: curve.predicted))
        #expect(abs(error.rmse - (0.25 / 2).squareRoot()) < 1e-12)
        #expect(abs(error.maxRelative - 0.25) < 1e-12)
        #expect(PredictionError(observed: curve.observed, predicted: [CurvePoint(step: 5, value: 3)]) == nil)
        // KilnFit's own FitError is still the error a refused fit throws.
        let refused: any Error = FitError(.unfit("one model size"))
        #expect("\(refused)".contains("one model size"))
    }
}
