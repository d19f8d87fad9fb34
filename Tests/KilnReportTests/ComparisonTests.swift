import Testing

@testable import KilnReport

@Suite struct ComparisonTests {
    /// Side B: the same runs as A with every loss lowered by 0.1, under another sweep name.
    static func sides() -> (ReportModel, ReportModel) {
        let a = SyntheticReport.model(runs: 3, points: 40)
        var b = a
        b.sweeps = [ReportSweep(id: 9, name: "lr-sweep-v2")]
        b.runs = a.runs.map { run in
            var run = run
            run.id += 1000
            run.sweep = "lr-sweep-v2"
            for (name, points) in run.series where MetricNames.isLoss(name) {
                run.series[name] = points.map { CurvePoint(step: $0.step, value: $0.value - 0.1) }
            }
            run.finalMetrics = run.series.compactMapValues { $0.last?.value }
            return run
        }
        return (a, b)
    }

    @Test("two sweeps side by side: differences, matched runs, and overlaid curves with one series per run")
    func sideBySide() throws {
        let (a, b) = Self.sides()
        let document = try HTMLDocument(HTMLReport.renderComparison(a, b))
        #expect(document.root.find("h1").first?.textContent == "lr-sweep vs lr-sweep-v2")
        for id in ["diff", "matched", "curves"] { #expect(Fixtures.section(document, id) != nil, "\(id)") }
        let curves = try #require(Fixtures.section(document, "curves"))
        for figure in curves.find("figure") {
            let keys = figure.find("path", having: ["data-key"]).compactMap { $0.attributes["data-key"] }
            #expect(keys == ["a1", "a2", "a3", "b1001", "b1002", "b1003"], "one key per run, A before B")
        }
        let rows = try #require(document.root.element(id: "diff-table")).find("tbody").first?.find("tr") ?? []
        let trainRow = try #require(rows.first { $0.find("td").first?.textContent == "train/loss" })
        let difference = trainRow.find("td")[3].attributes["data-sort"].flatMap(Double.init)
        #expect(abs((difference ?? 0) + 0.1) < 1e-9)
        #expect(!rows.contains { $0.find("td").first?.textContent == "lr" })
    }

    @Test("two single runs compare without matched names, and equal titles get A/B suffixes")
    func twoRuns() throws {
        let model = SyntheticReport.model(runs: 2, points: 30)
        let a = ReportModel(title: "run", sweeps: model.sweeps, runs: [model.runs[0]])
        var other = model.runs[1]
        other.name = "other"
        let b = ReportModel(title: "run", sweeps: model.sweeps, runs: [other])
        let document = try HTMLDocument(HTMLReport.renderComparison(a, b))
        #expect(document.root.find("h1").first?.textContent == "run (A) vs run (B)")
        #expect(Fixtures.section(document, "matched") == nil)
        #expect(Fixtures.section(document, "diff") != nil)
    }
}
