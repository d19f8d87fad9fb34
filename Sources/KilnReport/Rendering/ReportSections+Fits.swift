import Foundation

extension ReportSections {
    /// The scaling section: the saved laws with intervals, IsoFLOP profiles with minima, the frontier.
    static func scaling(_ model: ReportModel) -> Section? {
        guard let scaling = model.scaling,
            !scaling.laws.isEmpty || !scaling.isoFLOPs.isEmpty || scaling.frontier != nil || !scaling.notes.isEmpty
        else { return nil }
        var blocks = scaling.notes.map { Block(paragraph: $0) }
        for law in scaling.laws { blocks += lawBlocks(law) }
        if !scaling.isoFLOPs.isEmpty {
            blocks.append(Block(figure: isoFLOPFigure(scaling.isoFLOPs, metric: scaling.metric)))
        }
        if let frontier = scaling.frontier, !(frontier.observed.isEmpty && frontier.predicted.isEmpty) {
            blocks.append(Block(figure: frontierFigure(frontier)))
        }
        return Section(id: "scaling", heading: "Scaling law", blocks: blocks)
    }

    /// The law's formula, parameter table (value, and interval when any parameter has one) and notes.
    static func lawBlocks(_ law: FittedLaw) -> [Block] {
        let intervals = law.parameters.contains { $0.lower != nil && $0.upper != nil }
        let rows = law.parameters.map { parameter in
            let interval = parameter.lower.flatMap { lower in
                parameter.upper.map { "[\(NumberFormatting.significant(lower)), \(NumberFormatting.significant($0))]" }
            }
            return TableRow(
                cells: [
                    Cell(text: parameter.name), .number(parameter.value) { NumberFormatting.significant($0) },
                ] + (intervals ? [Cell(text: interval ?? "", sort: parameter.lower.map { "\($0)" } ?? "")] : []))
        }
        let headers =
            [HeaderCell(label: "parameter"), HeaderCell(label: "value", numeric: true)]
            + (intervals ? [HeaderCell(label: "interval", numeric: true)] : [])
        return [
            Block(paragraph: "\(law.name): \(law.formula)"),
            Block(table: DataTable(caption: "\(law.name) parameters", headers: headers, rows: rows)),
        ]
            + law.notes.map { Block(paragraph: $0) }
    }

    /// Final loss (`metric`) against parameter count per budget, with each fitted parabola and its minimum.
    static func isoFLOPFigure(_ profiles: [IsoFLOPProfile], metric: String?) -> Figure {
        var series: [PlotSeries] = []
        var items: [LegendItem] = []
        for (index, profile) in profiles.enumerated() {
            let key = "b\(index)"
            let label = "C = \(NumberFormatting.significant(profile.flops, digits: 3)) FLOPs"
            items.append(LegendItem(key: key, color: color(index), label: label))
            series.append(
                PlotSeries(
                    key: key, color: index, label: label, style: .markers,
                    points: profile.points.map { PlotPoint(x: $0.parameters, y: $0.loss) }))
            let sizes = profile.points.map(\.parameters).filter { $0 > 0 }
            if let parabola = profile.parabola, let low = sizes.min(), let high = sizes.max(), high > low {
                let (a, b) = (log10(low), log10(high))
                let curve = (0...48).map { step -> PlotPoint in
                    let size = pow(10, a + (b - a) * Double(step) / 48)
                    return PlotPoint(x: size, y: parabola.loss(parameters: size))
                }
                series.append(PlotSeries(key: key, color: index, label: "\(label), fit", points: curve))
            }
            if let minimum = profile.minimum {
                series.append(
                    PlotSeries(
                        key: key, color: index, label: "\(label), minimum", style: .highlight,
                        points: [PlotPoint(x: minimum.parameters, y: minimum.loss)]))
            }
        }
        let plot = Plot(
            x: Axis(label: "parameters N", scale: .log, ticks: .count), y: Axis(label: "final " + (metric ?? "loss")),
            series: series)
        return Figure(
            caption: "IsoFLOP profiles", svg: plot.svg(), keys: Legend(items: items),
            note: "Circles: runs; lines: parabolas fitted in log N; large circles: the minima of the saved IsoFLOP fit."
        )
    }

    /// Compute-optimal parameter count against compute: observed minima and the law's prediction.
    static func frontierFigure(_ frontier: ComputeFrontier) -> Figure {
        let observed = frontier.observed.map { PlotPoint(x: $0.flops, y: $0.parameters) }
        let predicted = frontier.predicted.map { PlotPoint(x: $0.flops, y: $0.parameters) }.sorted { $0.x < $1.x }
        var series: [PlotSeries] = []
        var items: [LegendItem] = []
        if !predicted.isEmpty {
            series.append(PlotSeries(key: "pred", color: 1, label: "law", points: predicted))
            items.append(LegendItem(key: "pred", color: color(1), label: "predicted by the law"))
        }
        if !observed.isEmpty {
            series.append(
                PlotSeries(key: "obs", color: 0, label: "IsoFLOP minimum", style: .highlight, points: observed))
            items.append(LegendItem(key: "obs", color: color(0), label: "IsoFLOP minima"))
        }
        let plot = Plot(
            x: Axis(label: "compute C (FLOPs)", scale: .log), y: Axis(label: "optimal N", scale: .log, ticks: .count),
            series: series, height: 280)
        return Figure(caption: "Compute-optimal frontier", svg: plot.svg(), keys: Legend(items: items))
    }

    /// Upstream and downstream validation loss through each continued run, baselines dashed.
    static func continualPretraining(_ model: ReportModel) -> Section? {
        guard let view = model.continualPretraining else { return nil }
        let index = Dictionary(model.runs.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let baselines = Set(view.baselineRunIDs)
        let members = (view.runIDs + view.baselineRunIDs).compactMap { id in index[id].map { ($0, model.runs[$0]) } }
        guard !members.isEmpty else { return nil }
        func setting(_ run: ReportRun) -> String {
            let parts = view.settingKeys.compactMap { key in run.params[key].map { "\(key)=\($0)" } }
            let text = parts.isEmpty ? run.name : parts.joined(separator: ", ")
            return baselines.contains(run.id) ? "\(text) (baseline)" : text
        }
        let legend = Legend(
            items: members.map { position, run in
                LegendItem(
                    key: key(run), color: color(position), label: setting(run), dashed: baselines.contains(run.id))
            })
        var blocks: [Block] = []
        for (title, metric) in [("Upstream", view.upstreamMetric), ("Downstream", view.downstreamMetric)] {
            let budget = MetricNames.pointsPerSeries(seriesCount: members.count)
            let series = members.compactMap { position, run -> PlotSeries? in
                guard let points = run.series[metric], !points.isEmpty else { return nil }
                return PlotSeries(
                    key: key(run), color: position, label: setting(run),
                    style: baselines.contains(run.id) ? .dashed : .line,
                    points: drawn(points, budget: budget))
            }
            let plot = Plot(
                x: Axis(label: "step", ticks: .count, padded: false), y: Axis(label: metric), series: series,
                logToggle: true)
            blocks.append(
                Block(
                    figure: Figure(
                        caption: "\(title): \(metric)", svg: plot.svg(), logToggle: true,
                        keys: members.count <= 40 ? legend : nil)))
        }
        let rows = members.map { position, run in
            TableRow(cells: [
                Cell(text: run.name, swatch: color(position)), Cell(text: setting(run)),
                .number(run.finalMetrics[view.upstreamMetric]) { NumberFormatting.significant($0) },
                .number(run.finalMetrics[view.downstreamMetric]) { NumberFormatting.significant($0) },
            ])
        }
        let headers = [
            HeaderCell(label: "run"), HeaderCell(label: "setting"),
            HeaderCell(label: "final \(view.upstreamMetric)", numeric: true),
            HeaderCell(label: "final \(view.downstreamMetric)", numeric: true),
        ]
        blocks.append(Block(table: DataTable(sortable: true, headers: headers, rows: rows)))
        return Section(id: "cpt", heading: "Continual pretraining", blocks: blocks)
    }
}
