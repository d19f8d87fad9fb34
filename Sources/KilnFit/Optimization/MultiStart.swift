/// The search the parametric laws share (Hoffmann et al.'s recipe): a looser optimiser from every start, the
/// best `finalists` run to full convergence, the best of those restarted once from a fresh quasi-Newton
/// memory, and Nelder–Mead where L-BFGS stopped without converging.
struct MultiStart: Sendable {
    /// The optimiser of the finalists (and of every start when `screening` is nil).
    var optimizer: LBFGS
    /// The looser optimiser run from every start, or nil to run `optimizer` from every start.
    var screening: LBFGS?
    /// Screened starts taken on to full convergence.
    var finalists: Int

    /// The best point found, and the result of every start (screened).
    struct Outcome: Sendable {
        /// The best point.
        var best: OptimizationResult
        /// Each start's result, in the order of the starts.
        var starts: [OptimizationResult]

        /// Starts that ended within 1e-6 (relative) of the best objective.
        var startsReachingBest: Int {
            starts.filter { $0.value.isFinite && $0.value - best.value <= 1e-6 * best.value }.count
        }
    }

    /// Minimises `objective` from every start; nil when no start gives a finite objective.
    func minimize(
        from starts: [[Double]], _ objective: @escaping @Sendable (_ x: [Double], _ gradient: inout [Double]) -> Double
    ) -> Outcome? {
        let screening = self.screening ?? optimizer, optimizer = self.optimizer
        let results = parallelMap(starts.count) { screening.minimize(from: starts[$0], objective) }
        let finalists = results.indices.filter { results[$0].value.isFinite }
            .sorted { (results[$0].value, $0) < (results[$1].value, $1) }.prefix(max(1, self.finalists))
            .map { results[$0].x }
        let polished =
            self.screening == nil
            ? [] : parallelMap(finalists.count) { optimizer.minimize(from: finalists[$0], objective) }
        guard var best = (polished + results).best else { return nil }
        let restarted = optimizer.minimize(from: best.x, objective)
        if restarted.value <= best.value { best = restarted }
        return Outcome(best: NelderMead.fallback(from: best, objective), starts: results)
    }
}
