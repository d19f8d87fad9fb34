/// One finished run (or one evaluation during a run): model size, data seen, loss, and optionally its FLOPs.
package struct ScalingPoint: Sendable, Equatable {
    /// Parameter count N.
    package var params: Double
    /// Training tokens D.
    package var tokens: Double
    /// Loss (nats per token or any positive loss).
    package var loss: Double
    /// Training FLOPs, when recorded; otherwise C = 6·N·D is used.
    package var flops: Double?

    /// Creates a point.
    package init(params: Double, tokens: Double, loss: Double, flops: Double? = nil) {
        self.params = params
        self.tokens = tokens
        self.loss = loss
        self.flops = flops
    }

    /// Training compute: the recorded FLOPs, or 6·N·D.
    package var compute: Double { flops ?? 6 * params * tokens }
}

/// A validated set of scaling points: every value positive and finite.
package struct ScalingData: Sendable {
    /// The points, in input order.
    package let points: [ScalingPoint]
    /// Where the points came from (a file name or sweep), for messages.
    package let source: String?

    /// Validates `points`; throws naming the first bad point (1-based) and column.
    package init(points: [ScalingPoint], source: String? = nil) throws {
        for (index, point) in points.enumerated() {
            let fields =
                [("params", point.params), ("tokens", point.tokens), ("loss", point.loss)]
                + (point.flops.map { [("flops", $0)] } ?? [])
            for (name, value) in fields where !(value.isFinite && value > 0) {
                throw FitError(
                    .notPositive(column: name, text: "\(value)"), source: source ?? "points",
                    line: source == nil ? index + 1 : nil)
            }
        }
        self.points = points
        self.source = source
    }

    /// Wraps points known to be positive and finite (sampled ones).
    init(validated points: [ScalingPoint], source: String?) {
        self.points = points
        self.source = source
    }

    /// Creates data from tuples, as a store query returns them.
    package init(points: [(params: Double, tokens: Double, loss: Double, flops: Double?)], source: String? = nil) throws
    {
        try self.init(
            points: points.map { ScalingPoint(params: $0.params, tokens: $0.tokens, loss: $0.loss, flops: $0.flops) },
            source: source)
    }

    /// Number of points.
    package var count: Int { points.count }
}
