/// The D-CPT law's first use: the domain ratio that minimises the predicted domain loss while the predicted
/// general loss rises at most `maxIncrease` (relative) over its value at the `baseline` ratio.
package struct RatioChoice: Sendable, Equatable {
    /// Model size N the choice is made for.
    package var params: Double
    /// Continual-pretraining tokens D the choice is made for.
    package var tokens: Double
    /// The domain ratio the general-loss increase is measured from.
    package var baseline: Double
    /// The limit on the relative general-loss increase.
    package var maxIncrease: Double
    /// The chosen domain ratio r*.
    package var ratio: Double
    /// Predicted domain loss at r*.
    package var domainLoss: Double
    /// Predicted general loss at r*.
    package var generalLoss: Double
    /// Predicted general loss at the baseline ratio.
    package var baselineGeneralLoss: Double
}

/// The D-CPT law's second use: the losses predicted at a ratio the fit did not see, against the run's.
package struct DCPTPrediction: Sendable, Equatable {
    /// The held-out run.
    package var point: MixturePoint
    /// Predicted general loss.
    package var general: Double
    /// Predicted domain loss.
    package var domain: Double

    /// The predictions of `general` and `domain` for `point`.
    package init(point: MixturePoint, general: DCPTLaw, domain: DCPTLaw) {
        self.point = point
        self.general = general.loss(params: point.params, tokens: point.tokens, ratio: 1 - point.ratio)
        self.domain = domain.loss(params: point.params, tokens: point.tokens, ratio: point.ratio)
    }

    /// |predicted − observed| / observed of the general loss.
    package var generalError: Double { abs(general - point.generalLoss) / point.generalLoss }
    /// |predicted − observed| / observed of the domain loss.
    package var domainError: Double { abs(domain - point.domainLoss) / point.domainLoss }
}
