import KilnProtocol
import KilnStore

extension ReportSections {
    /// Population-based training: each member's losses over steps across its segments (its weights
    /// change hands when it copies another member), the learning rate each member trained with over
    /// time, and the lineage of the final best member. One set per population.
    static func populations(_ model: ReportModel) -> Section? {
        guard !model.populations.isEmpty else { return nil }
        let runs = Dictionary(model.runs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var blocks: [Block] = []
        for (index, population) in model.populations.enumerated() {
            let prefix = model.populations.count > 1 ? "\(population.sweep) \(population.stage): " : ""
            let members = population.members
            func key(_ member: Int) -> String { "p\(index)m\(member)" }
            blocks.append(
                Block(
                    legend: Legend(
                        items: members.map { LegendItem(key: key($0), color: color($0), label: "member \($0)") },
                        bulk: members.count > 1)))
            let names = Set(population.segments.compactMap { runs[$0.runID] }.flatMap(\.series.keys))
            for metric in [MetricNames.trainLoss, population.metric] where names.contains(metric) {
                let series = members.map { member in
                    PlotSeries(
                        key: key(member), color: member,
                        points: points(population.segments(of: member), runs: runs, metric: metric))
                }
                let plot = memberPlot(series, metric: metric, height: 300)
                blocks.append(
                    Block(
                        figure: Figure(
                            caption: "\(prefix)\(metric) of each member across generations", svg: plot.svg(),
                            logToggle: true)))
            }
            let rates = members.map { member in
                PlotSeries(
                    key: key(member), color: member,
                    points: learningRates(population.segments(of: member), runs: runs))
            }
            blocks.append(
                Block(
                    figure: Figure(
                        caption: "\(prefix)learning rate each member trained with",
                        svg: memberPlot(rates, metric: "lr", height: 220).svg(),
                        note: "From the trainer's logged lr where it logs one, otherwise each segment's lr parameter."))
            )
            blocks.append(Block(population: lineage(population, runs: runs, prefix: prefix)))
        }
        return Section(id: "population", heading: "Population-based training", blocks: blocks)
    }

    private static func memberPlot(_ series: [PlotSeries], metric: String, height: Double) -> Plot {
        let steps = series.flatMap(\.points).map(\.x)
        return Plot(
            x: Axis(
                label: "step", ticks: .count, padded: false,
                domain: (steps.min() ?? 0, max(steps.max() ?? 1, (steps.min() ?? 0) + 1))),
            y: Axis(label: metric, clipsOutliers: MetricNames.isLoss(metric)), series: series, height: height,
            logToggle: MetricNames.isLoss(metric))
    }

    /// A member's `metric` over its segments, in step order, downsampled for drawing.
    private static func points(_ segments: [PopulationSegment], runs: [Int64: ReportRun], metric: String) -> [PlotPoint]
    {
        let curve = segments.flatMap { runs[$0.runID]?.series[metric] ?? [] }.sorted { $0.step < $1.step }
        return drawn(curve, budget: MetricNames.pointsPerSeries(seriesCount: 16))
    }

    /// The learning rate a member trained with: the trainer's `lr` series, or each segment's `lr`
    /// parameter held from its first step to its last.
    private static func learningRates(_ segments: [PopulationSegment], runs: [Int64: ReportRun]) -> [PlotPoint] {
        segments.flatMap { segment -> [PlotPoint] in
            if let logged = runs[segment.runID]?.series[MetricNames.learningRate], !logged.isEmpty {
                return logged.map { PlotPoint(x: Double($0.step), y: $0.value) }
            }
            guard let lr = segment.params["lr"]?.doubleValue, let end = segment.endStep else { return [] }
            return [PlotPoint(x: Double(segment.startStep), y: lr), PlotPoint(x: Double(end), y: lr)]
        }.sorted { $0.x < $1.x }
    }

    /// The final best member's history, segment by segment.
    private static func lineage(_ population: ReportPopulation, runs: [Int64: ReportRun], prefix: String)
        -> LineageList
    {
        let finals = runs.mapValues(\.finalMetrics)
        let steps = population.bestLineage(finals: finals).map { segment -> LineageStep in
            let lr = segment.params["lr"]?.doubleValue.map { "lr \(NumberFormatting.significant($0, digits: 3))" }
            var story: [String] = []
            switch segment.sourceMember {
            case nil: story.append("started as member \(segment.member)")
            case segment.member?: story.append("member \(segment.member) continued")
            case let source?:
                story.append("member \(segment.member) copied member \(source)'s weights at step \(segment.startStep)")
            }
            for (name, change) in segment.changed.members ?? [] {
                let from = change["from"]?.doubleValue.map { NumberFormatting.significant($0, digits: 3) } ?? "?"
                let to = change["to"]?.doubleValue.map { NumberFormatting.significant($0, digits: 3) } ?? "?"
                story.append("\(name) \(from) → \(to)")
            }
            if segment.changed.members?.isEmpty ?? true, let lr { story.append(lr) }
            if let value = finals[segment.runID]?[population.metric] {
                story.append("\(population.metric) \(NumberFormatting.significant(value, digits: 4))")
            }
            let end = segment.endStep.map { "\($0)" } ?? "?"
            return LineageStep(
                segment: "generation \(segment.generation), steps \(segment.startStep)–\(end):",
                story: story.joined(separator: "; "))
        }
        return LineageList(
            heading: steps.isEmpty
                ? "\(prefix)No member has finished its last segment yet."
                : "\(prefix)Lineage of the final best member (lowest \(population.metric) in the last generation):",
            steps: steps)
    }
}
