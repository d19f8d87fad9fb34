/// A loss-curve law fitted to one run: the predicted curve against the observed one, as the report draws it
/// (KilnFit's `ScheduleFit` is the fit itself).
package struct FittedCurve: Sendable {
    /// The run whose curve was fitted.
    package var runID: Int64
    /// The law, with its fitted parameters.
    package var law: FittedLaw
    /// The metric fitted, e.g. `val/web/loss`.
    package var metric: String
    /// Observed points used for (or held out from) the fit.
    package var observed: [CurvePoint]
    /// The law's prediction at the steps it was evaluated.
    package var predicted: [CurvePoint]

    /// A fit from its parts.
    package init(runID: Int64, law: FittedLaw, metric: String, observed: [CurvePoint], predicted: [CurvePoint]) {
        self.runID = runID
        self.law = law
        self.metric = metric
        self.observed = observed
        self.predicted = predicted
    }
}
