import Foundation
import Testing

@testable import KilnReport

/// The summary reads at a glance: the headline metric first, then the other final metrics, then the
/// parameters that vary; no column twice; sections only for what varies or was computed.
@Suite struct SummaryLayoutTests {
    static let evalSets = #"[{"name":"prose","source":"prose"},{"name":"code","source":"code"}]"#

    /// Two runs trained on prose, evaluated on prose then code, whose spec also carries `tokens` and `flops`
    /// and whose trainer logged `tokens` and `flops` as metrics.
    static func model() -> ReportModel {
        let runs = (0..<2).map { index in
            let curve = (0..<10).map { CurvePoint(step: $0 * 10, value: 3 - 0.1 * Double($0) + Double(index)) }
            return ReportRun(
                id: Int64(index + 1), name: "run-\(index)", sweep: "s",
                params: [
                    "lr": .number(index == 0 ? 0.001 : 0.003), "tokens": .number(Double(1_000_000 * (index + 1))),
                    "flops": .number(6e12 * Double(index + 1)), "batch": .number(16), "eval": .text(evalSets),
                    "schedule.decay": .number(0.2),
                ],
                parameterCount: 1_000_000, tokens: Int64(1_000_000 * (index + 1)), flops: 6e12 * Double(index + 1),
                wallTimeSeconds: 60,
                series: [
                    "train/loss": curve, "val/code/loss": curve, "val/prose/loss": curve, "val/prose/bpb": curve,
                    "lr": curve.map { CurvePoint(step: $0.step, value: 1e-3) },
                    // kiln-train logs the tokens and FLOPs so far, which end where the accounting columns are.
                    "tokens": curve.map { CurvePoint(step: $0.step, value: Double($0.step * 100)) },
                    "flops": curve.map { CurvePoint(step: $0.step, value: Double($0.step) * 6e8) },
                ])
        }
        return ReportModel(sweeps: [ReportSweep(id: 1, name: "s")], runs: runs)
    }

    static func headers(_ document: HTMLDocument, table id: String) throws -> [String] {
        try #require(document.root.element(id: id)).find("th").map(\.textContent)
    }

    @Test("the summary starts with the headline metric (the first eval set), then the other metrics, then what varies")
    func columnOrder() throws {
        let document = try HTMLDocument(HTMLReport.render(Self.model()))
        let headers = try Self.headers(document, table: "runs")
        // val/prose/bpb is val/prose/loss in other units; every run has the same N and wall time.
        #expect(headers == ["run", "status", "val/prose/loss", "val/code/loss", "train/loss", "lr", "tokens", "FLOPs"])
        let lines = try #require(Fixtures.section(document, "summary")).find("p").map(\.textContent)
        #expect(lines.first { $0.hasPrefix("Every run: ") }?.contains("N (params) = 1M") == true, "\(lines)")
    }

    @Test("no column appears twice, whatever its case: a spec's tokens and flops are the accounting columns")
    func noDuplicateColumns() throws {
        let document = try HTMLDocument(HTMLReport.render(Self.model()))
        let headers = try Self.headers(document, table: "runs").map { $0.lowercased() }
        #expect(Set(headers).count == headers.count, "\(headers)")
        let summary = try #require(Fixtures.section(document, "summary"))
        #expect(!summary.textContent.contains("tokens = "), "tokens is a column, not a shared value")
    }

    @Test("the headline metric is the first eval set, not the first by name")
    func headlineIsTheFirstEvalSet() throws {
        let document = try HTMLDocument(HTMLReport.render(Self.model()))
        let finals = try #require(Fixtures.section(document, "finals"))
        #expect(finals.find("h2").first?.textContent == "Final val/prose/loss against swept parameters")
    }

    @Test("charts against swept parameters and parameter columns only for parameters that vary, each once")
    func finalsOnlyForVaryingParameters() throws {
        // Like the quickstart: lr swept, the schedule's peak equal to it, a WSD-only key with one value.
        let runs = (0..<4).map { index in
            let lr = [0.003, 0.01][index % 2], wsd = index >= 2
            var params: [String: ParameterValue] = [
                "lr": .number(lr), "schedule.peak": .number(lr), "schedule.kind": .text(wsd ? "wsd" : "cosine"),
                "schedule.floor": .number(wsd ? 0 : 0.1), "schedule.shape": .text(wsd ? "1-sqrt" : "cosine"),
                "batch": .number(16),
            ]
            if wsd { params["schedule.decay"] = .number(240) }
            return ReportRun(
                id: Int64(index + 1), name: "run-\(index)", sweep: "s", params: params,
                series: ["val/prose/loss": [CurvePoint(step: 100, value: 2 + Double(index) / 10)]])
        }
        let document = try HTMLDocument(
            HTMLReport.render(ReportModel(sweeps: [ReportSweep(id: 1, name: "s")], runs: runs)))
        let finals = try #require(Fixtures.section(document, "finals"))
        let captions = finals.find("figcaption").map(\.textContent)
        #expect(captions == ["final val/prose/loss against lr", "final val/prose/loss against schedule.kind"])
        let headers = try Self.headers(document, table: "runs")
        #expect(headers == ["run", "status", "val/prose/loss", "lr", "schedule.kind"])
        // What the left-out parameters hold is still on the page, per value of the column they follow.
        let lines = try #require(Fixtures.section(document, "summary")).find("p").map(\.textContent)
        #expect(lines.contains("Equal in every run: schedule.peak = lr"), "\(lines)")
        #expect(
            lines.contains("With schedule.kind = cosine: schedule.floor = 0.1, schedule.shape = cosine"), "\(lines)")
        #expect(
            lines.contains(
                "With schedule.kind = wsd: schedule.decay = 240, schedule.floor = 0, schedule.shape = 1-sqrt"),
            "\(lines)")
    }

    @Test("an interval column with no interval in it is left out")
    func emptyIntervalColumnIsHidden() throws {
        var model = SyntheticReport.scalingModel()
        model.scaling?.laws[0].parameters = [
            FitParameter(name: "E", value: 1.69), FitParameter(name: "alpha", value: 0.34),
        ]
        let document = try HTMLDocument(HTMLReport.render(model))
        let table = try #require(Fixtures.section(document, "scaling")?.find("table").first)
        #expect(table.find("th").map(\.textContent) == ["parameter", "value"])
        let full = try HTMLDocument(HTMLReport.render(SyntheticReport.scalingModel()))
        #expect(
            Fixtures.section(full, "scaling")?.find("table").first?.find("th").map(\.textContent) == [
                "parameter", "value", "interval",
            ])
    }

    @Test("the compare page gives each run its own colour and legend key")
    func compareColoursEachRun() throws {
        let (a, b) = ComparisonTests.sides()
        let document = try HTMLDocument(HTMLReport.renderComparison(a, b))
        let curves = try #require(Fixtures.section(document, "curves"))
        for figure in curves.find("figure") {
            let paths = figure.find("path", having: ["data-key"])
            #expect(paths.count == 6)
            #expect(Set(paths.compactMap { $0.attributes["data-key"] }).count == 6, "one key per run")
            let colours = paths.compactMap { $0.attributes["class"]?.split(separator: " ").first }
            #expect(Set(colours).count == 6, "one colour per run: \(colours)")
            #expect(paths.count { $0.attributes["class"]?.contains("dash") == true } == 3, "side B dashed")
        }
        let legend = try #require(curves.find("div").first { $0.attributes["class"]?.contains("legend") == true })
        #expect(legend.find("button").count { $0.attributes["data-key"] != nil } >= 6)
    }

    @Test("higher is better for throughput: the compare page picks each side's highest tokens/s")
    func compareKnowsHigherIsBetter() throws {
        var (a, b) = ComparisonTests.sides()
        for index in a.runs.indices { a.runs[index].finalMetrics["tokens_per_s"] = 1000 + Double(index) * 100 }
        for index in b.runs.indices { b.runs[index].finalMetrics["tokens_per_s"] = 900 + Double(index) * 100 }
        let document = try HTMLDocument(HTMLReport.renderComparison(a, b))
        let rows = try #require(document.root.element(id: "diff-table")).find("tbody").first?.find("tr") ?? []
        let row = try #require(rows.first { $0.find("td").first?.textContent == "tokens_per_s" })
        let cells = row.find("td")
        #expect(cells[1].attributes["data-sort"].flatMap(Double.init) == 1200)
        #expect(cells[2].attributes["data-sort"].flatMap(Double.init) == 1100)
        let section = try #require(Fixtures.section(document, "diff"))
        #expect(section.textContent.contains("highest for tokens_per_s"), "\(section.textContent)")
    }
}
