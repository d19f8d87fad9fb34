import KilnProtocol
/// Chinchilla Approach 1: the lower envelope of loss against FLOPs over all runs (or all evaluations
/// along runs), and power laws N_opt = G_N·C^a and D_opt = G_D·C^b through the points on it.
package enum EnvelopeFit {
    /// Fits `data`: a point is on the envelope when its loss is below that of every point with less compute.
    package static func fit(_ data: ScalingData) throws -> EnvelopeResult {
        let sorted = data.points.sorted { ($0.compute, $0.loss) < ($1.compute, $1.loss) }
        var envelope: [ScalingPoint] = []
        for point in sorted where point.loss < (envelope.last?.loss ?? .infinity) {
            if let last = envelope.last, last.compute == point.compute { envelope.removeLast() }
            envelope.append(point)
        }
        guard envelope.count >= 2 else {
            throw FitError(
                .tooFewPoints(what: "points on the loss-FLOPs envelope", needed: 2, found: envelope.count),
                source: data.source)
        }
        // With one N (or D) on the envelope its power law in C is flat by construction, not a measurement.
        for (what, count) in [
            ("model sizes N", Set(envelope.map(\.params)).count), ("token counts D", Set(envelope.map(\.tokens)).count),
        ]
        where count < 2 {
            throw FitError(
                .unfit("Approach 1 needs at least 2 distinct \(what) on the loss-FLOPs envelope, found \(count)"),
                source: data.source)
        }
        let compute = envelope.map(\.compute)
        return EnvelopeResult(
            envelope: envelope, dataCount: data.count,
            paramsLaw: try PowerLaw.fit(x: compute, y: envelope.map(\.params)),
            tokensLaw: try PowerLaw.fit(x: compute, y: envelope.map(\.tokens)))
    }
}

/// The outcome of Approach 1: the envelope and the two power laws through it.
package struct EnvelopeResult: FitReport {
    /// Points on the envelope, by increasing compute.
    package var envelope: [ScalingPoint]
    /// Points in the input.
    package var dataCount: Int
    /// N against C on the envelope.
    package var paramsLaw: PowerLaw
    /// D against C on the envelope.
    package var tokensLaw: PowerLaw

    /// Machine name of the method.
    package var method: String { "chinchilla-approach-1" }
    /// Human title with the formula.
    package var title: String { "Chinchilla Approach 1 (loss-FLOPs envelope): N_opt = G_N*C^a, D_opt = G_D*C^b" }
    /// No objective: the power laws are least-squares fits in log–log space.
    package var loss: Double? { nil }
    /// Fitted values, named as in JSON.
    package var estimates: [Estimate] { powerLawEstimates(params: paramsLaw, tokens: tokensLaw) }
    /// Further lines of the readable report.
    package var details: [String] { ["  \(envelope.count) points on the envelope"] }
    /// JSON members beyond the common ones.
    package var extraJSON: [(String, JSONValue)] {
        [
            (
                "envelope",
                .array(
                    envelope.map {
                        .object([
                            ("C", .number($0.compute)), ("params", .number($0.params)), ("tokens", .number($0.tokens)),
                            ("loss", .number($0.loss)),
                        ])
                    })
            )
        ]
    }
}
