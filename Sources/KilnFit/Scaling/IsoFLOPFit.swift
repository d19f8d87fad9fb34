import Foundation

/// Chinchilla Approach 2: per compute budget of an IsoFLOP sweep, a parabola of loss against log N
/// (and log D) fitted on the points around that budget's minimum; the vertices give N_opt(C) and
/// D_opt(C); power laws through them give the exponents a and b with 95% intervals.
package enum IsoFLOPFit {
    /// How to fit.
    package struct Options: Sendable {
        /// Points taken on each side of a budget's lowest loss for its parabola (so up to 2·window + 1).
        package var window = 2
        /// Significant figures to which C is rounded when grouping points into budgets.
        package var significantFigures = 3

        /// Default options: two neighbours each side, budgets to 3 significant figures.
        package init() {}
    }

    /// Fits `data`: points are grouped by their FLOPs (or 6·N·D) rounded to `significantFigures`.
    package static func fit(_ data: ScalingData, options: Options = Options()) throws -> IsoFLOPResult {
        let groups = Dictionary(grouping: data.points) {
            round($0.compute, significantFigures: options.significantFigures)
        }
        let budgets = groups.keys.sorted().map { budget(compute: $0, points: groups[$0]!, window: options.window) }
        let fitted = budgets.filter { $0.status == .fitted }
        guard fitted.count >= 2 else {
            let reasons = budgets.map { "C=\(formatted($0.compute)): \($0.status.rawValue)" }.joined(separator: "; ")
            throw FitError(
                .unfit(
                    "IsoFLOP fit needs at least 2 budgets with an interior minimum, found \(fitted.count)"
                        + (reasons.isEmpty ? "" : " (\(reasons))")), source: data.source)
        }
        let compute = fitted.map(\.compute)
        return IsoFLOPResult(
            budgets: budgets, dataCount: data.count,
            paramsLaw: try PowerLaw.fit(x: compute, y: fitted.map { $0.optimalParams! }),
            tokensLaw: try PowerLaw.fit(x: compute, y: fitted.map { $0.optimalTokens! }))
    }

    /// One budget's parabola fits.
    static func budget(compute: Double, points: [ScalingPoint], window: Int) -> IsoFLOPBudget {
        let sorted = points.sorted { $0.params < $1.params }
        var result = IsoFLOPBudget(compute: compute, pointCount: sorted.count, usedCount: 0, status: .tooFewPoints)
        guard Set(sorted.map(\.params)).count >= 3 else { return result }
        let lowest = sorted.indices.min { sorted[$0].loss < sorted[$1].loss }!
        if lowest == 0 || lowest == sorted.count - 1 {
            result.status = .minimumAtEdge
            return result
        }
        let used = Array(sorted[max(0, lowest - window)...min(sorted.count - 1, lowest + window)])
        result.usedCount = used.count
        guard let (logN, loss) = vertex(x: used.map { log($0.params) }, y: used.map(\.loss)),
            let (logD, _) = vertex(x: used.map { log($0.tokens) }, y: used.map(\.loss))
        else {
            result.status = .notConvex
            return result
        }
        result.optimalParams = exp(logN)
        result.optimalTokens = exp(logD)
        result.minimumLoss = loss
        result.status = .fitted
        return result
    }

    /// The vertex (x, y) of the least-squares parabola through the points, or nil when it opens downwards.
    static func vertex(x: [Double], y: [Double]) -> (Double, Double)? {
        let center = x.reduce(0, +) / Double(x.count)
        var normal = [Double](repeating: 0, count: 9), rhs = [Double](repeating: 0, count: 3)
        for (xi, yi) in zip(x, y) {
            let powers = [1, xi - center, (xi - center) * (xi - center)]
            for a in 0..<3 {
                rhs[a] += powers[a] * yi
                for b in 0..<3 { normal[a * 3 + b] += powers[a] * powers[b] }
            }
        }
        guard let c = solveSymmetric(normal, rhs, n: 3), c[2] > 0 else { return nil }
        let offset = -c[1] / (2 * c[2])
        guard offset.isFinite, exp(center + offset).isFinite else { return nil }
        return (center + offset, c[0] + c[1] * offset + c[2] * offset * offset)
    }

    /// `value` rounded to `figures` significant figures.
    package static func round(_ value: Double, significantFigures figures: Int) -> Double {
        let scale = pow(10, Double(figures - 1) - floor(log10(value)))
        return (value * scale).rounded() / scale
    }
}

/// One compute budget of an IsoFLOP sweep and its parabola's vertex.
package struct IsoFLOPBudget: Sendable, Equatable {
    /// Why a budget was or was not used.
    package enum Status: String, Sendable {
        /// The parabola was fitted and its vertex used.
        case fitted
        /// The lowest loss is at the smallest or largest model: the optimum is outside the sampled range.
        case minimumAtEdge = "minimum at the edge of the sampled sizes"
        /// Fewer than 3 distinct model sizes: no parabola in log N can be fitted.
        case tooFewPoints = "fewer than 3 distinct model sizes"
        /// The parabola opens downwards.
        case notConvex = "parabola not convex"
    }

    /// The budget C in FLOPs (rounded).
    package var compute: Double
    /// Points in the budget.
    package var pointCount: Int
    /// Points used for the parabola.
    package var usedCount: Int
    /// N at the parabola's vertex.
    package var optimalParams: Double?
    /// D at the parabola's vertex (in log D).
    package var optimalTokens: Double?
    /// Loss at the vertex.
    package var minimumLoss: Double?
    /// Whether the budget was used.
    package var status: Status
}
