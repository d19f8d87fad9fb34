/// One continual-pretraining run on a mixture of general and domain data: model size, tokens, the domain
/// ratio of its mixture and its final losses on the general and the domain validation sets.
package struct MixturePoint: Sendable, Equatable {
    /// Parameter count N.
    package var params: Double
    /// Continual-pretraining tokens D.
    package var tokens: Double
    /// Domain ratio r ∈ [0, 1]: the domain corpus's share of the mixture (the general corpus has 1 − r).
    package var ratio: Double
    /// Final loss on the general validation set.
    package var generalLoss: Double
    /// Final loss on the domain validation set.
    package var domainLoss: Double

    /// Creates a point.
    package init(params: Double, tokens: Double, ratio: Double, generalLoss: Double, domainLoss: Double) {
        self.params = params
        self.tokens = tokens
        self.ratio = ratio
        self.generalLoss = generalLoss
        self.domainLoss = domainLoss
    }
}

/// A validated set of mixture points: N, D and both losses positive and finite, every ratio in [0, 1].
package struct MixtureData: Sendable {
    /// The points, in input order.
    package let points: [MixturePoint]
    /// Where the points came from (a file name or sweep), for messages.
    package let source: String?

    /// Validates `points`; throws naming the first bad point (1-based, when there is no source) and field.
    package init(points: [MixturePoint], source: String? = nil) throws {
        for (index, point) in points.enumerated() {
            let line = source == nil ? index + 1 : nil
            let fields = [
                ("params", point.params), ("tokens", point.tokens), ("general_loss", point.generalLoss),
                ("domain_loss", point.domainLoss),
            ]
            for (name, value) in fields where !(value.isFinite && value > 0) {
                throw FitError(.notPositive(column: name, text: "\(value)"), source: source ?? "points", line: line)
            }
            guard point.ratio.isFinite, (0...1).contains(point.ratio) else {
                throw FitError(
                    .unfit("ratio must be a number in [0, 1], found \(point.ratio)"), source: source ?? "points",
                    line: line)
            }
        }
        self.points = points
        self.source = source
    }

    /// Number of points.
    package var count: Int { points.count }

    /// The distinct domain ratios, ascending.
    package var ratios: [Double] { Set(points.map(\.ratio)).sorted() }
}
