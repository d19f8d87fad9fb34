extension ReportSections {
    /// Loss curves (train and each validation set, log-scale switch) with the LR schedule under them,
    /// all on one step axis, after the legend of runs.
    static func curves(_ model: ReportModel) -> Section? {
        let names = MetricNames.ordered(model.runs.flatMap(\.series.keys))
        let losses = names.filter(MetricNames.isLoss)
        let drawn = losses + (names.contains(MetricNames.learningRate) ? [MetricNames.learningRate] : [])
        guard !drawn.isEmpty else { return nil }
        let steps = stepDomain(model.runs, metrics: drawn)
        var blocks = [Block(legend: runLegend(model))]
        for name in drawn {
            let isRate = name == MetricNames.learningRate
            let plot = curvePlot(model.runs, metric: name, steps: steps, height: isRate ? 190 : 300, logToggle: !isRate)
            let caption = isRate ? "Learning rate (lr)" : name
            blocks.append(
                Block(figure: Figure(caption: caption, svg: plot.plot.svg(), logToggle: !isRate, note: plot.note)))
        }
        let heading = drawn.last == MetricNames.learningRate ? "Loss curves and LR schedules" : "Loss curves"
        return Section(id: "curves", heading: heading, blocks: blocks)
    }

    /// Every other metric a trainer logged (not a loss, not `lr`), one chart each.
    static func otherMetrics(_ model: ReportModel) -> Section? {
        let names = MetricNames.ordered(model.runs.flatMap(\.series.keys)).filter {
            !MetricNames.isLoss($0) && $0 != MetricNames.learningRate
        }
        guard !names.isEmpty else { return nil }
        let steps = stepDomain(model.runs, metrics: names)
        let blocks = names.map { name in
            let plot = curvePlot(model.runs, metric: name, steps: steps, height: 240, logToggle: false)
            return Block(figure: Figure(caption: name, svg: plot.plot.svg(), note: plot.note))
        }
        return Section(id: "metrics", heading: "Other metrics", blocks: blocks)
    }

    /// A line per run of `metric`, downsampled by LTTB to the chart's point budget.
    static func curvePlot(
        _ runs: [ReportRun], metric: String, steps: (low: Double, high: Double), height: Double, logToggle: Bool
    ) -> (plot: Plot, note: String?) {
        let count = runs.reduce(0) { $0 + (($1.series[metric]?.isEmpty ?? true) ? 0 : 1) }
        let budget = MetricNames.pointsPerSeries(seriesCount: count)
        var series: [PlotSeries] = []
        var reduced = false
        for (index, run) in runs.enumerated() {
            guard let points = run.series[metric], !points.isEmpty else { continue }
            reduced = reduced || points.count > budget || run.summarized.contains(metric)
            series.append(PlotSeries(key: key(run), color: index, points: drawn(points, budget: budget)))
        }
        let plot = Plot(
            x: Axis(label: "step", ticks: .count, padded: false, domain: steps),
            y: Axis(label: metric, clipsOutliers: MetricNames.isLoss(metric)), series: series, height: height,
            logToggle: logToggle)
        return (plot, notes(plot, budget: reduced ? budget : nil))
    }

    /// What a reader must know about a curve chart: downsampling, and outliers drawn at the top edge.
    static func notes(_ plot: Plot, budget: Int?) -> String? {
        var notes: [String] = []
        if let budget {
            notes.append("Drawn with at most \(budget) points per run (LTTB); CSV export keeps every point.")
        }
        let y = plot.mappings().y
        if y.clipped {
            let cap = NumberFormatting.significant(y.high, digits: 3)
            notes.append("Values above \(cap) (diverging runs) are drawn at the top edge.")
        }
        return notes.isEmpty ? nil : notes.joined(separator: " ")
    }

    /// The finite points of `curve` as plot points (x = step), downsampled by LTTB to at most `budget`.
    static func drawn(_ curve: [CurvePoint], budget: Int) -> [PlotPoint] {
        let finite = curve.compactMap { $0.value.isFinite ? PlotPoint(x: Double($0.step), y: $0.value) : nil }
        return LargestTriangleThreeBuckets.downsample(finite, threshold: budget)
    }

    /// Step range over `metrics` of all runs, shared by the stacked charts.
    static func stepDomain(_ runs: [ReportRun], metrics: [String]) -> (low: Double, high: Double) {
        var low = Int.max
        var high = Int.min
        for run in runs {
            for name in metrics {
                guard let points = run.series[name], let first = points.first, let last = points.last else { continue }
                low = min(low, first.step)
                high = max(high, last.step)
            }
        }
        return low <= high ? (Double(low), Double(max(high, low + 1))) : (0, 1)
    }

    /// Final value of the headline metric against each parameter that varies across runs.
    static func finals(_ model: ReportModel) -> Section? {
        let names = model.runs.flatMap(\.finalMetrics.keys)
        guard let metric = MetricNames.headline(names, evalSets: MetricNames.evalSets(model.runs)) else { return nil }
        let runs = model.runs.enumerated().filter { $0.element.finalMetrics[metric] != nil }
        let keys = ParameterColumns(model.runs).charted(runs.map(\.element))
        var blocks: [Block] = []
        for parameter in keys {
            let values = runs.compactMap { $0.element.params[parameter] }
            let numbers = values.compactMap(\.number)
            var axis = Axis(label: parameter)
            var position: (ParameterValue) -> Double?
            if numbers.count == values.count {
                let positive = numbers.allSatisfy { $0 > 0 }
                if positive, let low = numbers.min(), let high = numbers.max(), high / low >= 20 { axis.scale = .log }
                position = { $0.number }
            } else {
                let categories = Set(values.map(\.description)).sorted()
                guard categories.count <= 40 else { continue }
                axis.categories = categories
                let index = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, Double($0)) })
                position = { index[$0.description] }
            }
            let series = runs.compactMap { index, run -> PlotSeries? in
                guard let value = run.params[parameter], let x = position(value), let y = run.finalMetrics[metric]
                else {
                    return nil
                }
                return PlotSeries(key: key(run), color: index, style: .markers, points: [PlotPoint(x: x, y: y)])
            }
            let plot = Plot(x: axis, y: Axis(label: "final \(metric)"), series: series, height: 260)
            blocks.append(Block(figure: Figure(caption: "final \(metric) against \(parameter)", svg: plot.svg())))
        }
        guard !blocks.isEmpty else { return nil }
        return Section(id: "finals", heading: "Final \(metric) against swept parameters", blocks: blocks)
    }
}
