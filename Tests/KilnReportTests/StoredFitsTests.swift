import Foundation
import KilnPostgres
import KilnStore
import KilnTestSupport
import Testing

@testable import KilnReport

/// Stored loss-curve-law fits in the report: drawn against the metric they were fitted on, never a guess.
@Suite(.tags(.postgres))
struct StoredFitsTests {
    @Test(
        "a fit saved without its metric (before Kiln recorded it) is named in a note, not drawn against train/loss",
        .freshDatabase)
    func fitWithoutMetricIsNotGuessed() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let sweeps = SweepStore(connection: connection)
        let sweep = try sweeps.upsert(name: "old", description: "", specText: "", specHash: "h", specPath: nil)
        try sweeps.register([NewRun(name: "wsd", stage: "main", params: "{}", configHash: "w")], sweepID: sweep)
        let run = try connection.query("SELECT id FROM runs")[0].decode(Int64.self, at: 0)
        try MetricStore(connection: connection).ingest(
            (0..<10).flatMap { step in
                [
                    MetricPoint(runID: run, name: "train/loss", step: step * 10, value: 3 - 0.1 * Double(step)),
                    MetricPoint(runID: run, name: "val/prose/loss", step: step * 10, value: 3.5 - 0.1 * Double(step)),
                ]
            })
        let summary =
            #"{"parameters": {"L0": 2.0}, "trained_on": ["cos"], "predictions": [{"run": "wsd", "steps": [0, 50, 90], "predicted": [3.5, 3.0, 2.6]}]}"#
        try FitStore(connection: connection).save(
            kind: "annealing-law", sweepID: sweep, inputs: "[]", parameters: #"{"L0": 2.0}"#, summary: summary)

        let model = try ReportLoader(connection: connection).model(sweeps: ["old"], detail: .overview)
        #expect(model.scheduleFits.isEmpty, "no curve may be drawn against a guessed metric")
        let document = try HTMLDocument(HTMLReport.render(model))
        let section = try #require(Fixtures.section(document, "fits"))
        #expect(section.find("figure").isEmpty)
        #expect(
            section.textContent.contains(
                "The LR-annealing law fit saved on"), "\(section.textContent)")
        #expect(
            section.textContent.contains(
                "does not record which metric it was fitted on, so the report does not draw it; refit it with kiln fit schedule old --metric NAME"
            ),
            "\(section.textContent)")
    }

    @Test("a stored fit's warnings (a parameter on its bound) are shown in the report's fits section", .freshDatabase)
    func fitWarningsAreShown() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let sweeps = SweepStore(connection: connection)
        let sweep = try sweeps.upsert(name: "raw", description: "", specText: "", specHash: "h", specPath: nil)
        try sweeps.register([NewRun(name: "wsd", stage: "main", params: "{}", configHash: "w")], sweepID: sweep)
        let run = try connection.query("SELECT id FROM runs")[0].decode(Int64.self, at: 0)
        try MetricStore(connection: connection).ingest(
            (0..<10).map { step in
                MetricPoint(runID: run, name: "train/loss", step: step * 10, value: 3 - 0.1 * Double(step))
            })
        let summary =
            #"{"parameters": {"gamma": 1.0}, "warnings": ["γ hit its bound 1: these curves do not identify γ"], "#
            + #""trained_on": ["wsd"], "predictions": [{"run": "wsd", "steps": [0, 50, 90], "predicted": [3.0, 2.5, 2.1]}]}"#
        try FitStore(connection: connection).save(
            kind: "multipower-law", sweepID: sweep, metric: "train/loss", inputs: "[]", parameters: #"{"gamma": 1.0}"#,
            summary: summary)

        let model = try ReportLoader(connection: connection).model(sweeps: ["raw"], detail: .overview)
        let document = try HTMLDocument(HTMLReport.render(model))
        let section = try #require(Fixtures.section(document, "fits"))
        #expect(
            section.textContent.contains("The multi-power law fit: γ hit its bound 1: these curves do not identify γ."),
            "\(section.textContent)")
    }
}
