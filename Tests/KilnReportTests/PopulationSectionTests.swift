import Foundation
import KilnProtocol
import Testing

@testable import KilnReport
@testable import KilnStore

/// The population-based-training section: each member's losses across generations, the rates the
/// members trained with, and the lineage of the final best member, with user strings escaped.
@Suite struct PopulationSectionTests {
    static func segment(
        run: Int64, member: Int, generation: Int, source: (member: Int, run: Int64)?, lr: Double,
        changed: String = "{}"
    ) throws -> PopulationSegment {
        PopulationSegment(
            runID: run, runName: "pbt-m\(member)-g\(generation)", stage: "pbt", member: member, generation: generation,
            sourceMember: source?.member, sourceRunID: source?.run, startStep: generation * 10,
            changed: try JSONValue(parsing: changed), score: nil, params: try JSONValue(parsing: "{\"lr\": \(lr)}"),
            status: .succeeded, endStep: generation * 10 + 10)
    }

    /// Two members, two generations: member 1 (worse) copies member 0 at step 10 with lr 0.01 → 0.0125.
    static func model(metric: String = "val/prose/loss") throws -> ReportModel {
        func run(_ id: Int64, member: Int, generation: Int, loss: Double) -> ReportRun {
            let steps = (generation * 10 + 1)...(generation * 10 + 10)
            return ReportRun(
                id: id, name: "pbt-m\(member)-g\(generation)", sweep: "s", stage: "pbt",
                series: [
                    "train/loss": steps.map { CurvePoint(step: $0, value: loss + 1 / Double($0)) },
                    metric: [CurvePoint(step: steps.upperBound, value: loss)],
                ])
        }
        let runs = [
            run(1, member: 0, generation: 0, loss: 2.0), run(2, member: 1, generation: 0, loss: 3.0),
            run(3, member: 0, generation: 1, loss: 1.9), run(4, member: 1, generation: 1, loss: 1.8),
        ]
        var model = ReportModel(sweeps: [ReportSweep(id: 1, name: "s")], runs: runs)
        model.populations = [
            ReportPopulation(
                sweep: "s", stage: "pbt", metric: metric,
                segments: [
                    try segment(run: 1, member: 0, generation: 0, source: nil, lr: 0.01),
                    try segment(run: 2, member: 1, generation: 0, source: nil, lr: 0.001),
                    try segment(run: 3, member: 0, generation: 1, source: (0, 1), lr: 0.01),
                    try segment(
                        run: 4, member: 1, generation: 1, source: (0, 1), lr: 0.0125,
                        changed: #"{"lr": {"from": 0.01, "to": 0.0125}}"#),
                ])
        ]
        return model
    }

    @Test("members' curves, their rates and the best member's lineage")
    func populationSection() throws {
        let html = try HTMLReport.render(try Self.model())
        let section = try #require(Fixtures.section(try HTMLDocument(html), "population"))
        #expect(section.find("h2").first?.textContent == "Population-based training")
        let captions = section.find("figcaption").map(\.textContent)
        #expect(captions.contains { $0.hasPrefix("train/loss of each member across generations") })
        #expect(captions.contains { $0.hasPrefix("val/prose/loss of each member across generations") })
        #expect(captions.contains { $0.hasPrefix("learning rate each member trained with") })
        #expect(section.find("button").map(\.textContent).suffix(2) == ["member 0", "member 1"])
        let lineage = section.find("li")
        #expect(
            lineage.map { $0.find("b").first?.textContent ?? "" } == [
                "generation 0, steps 0–10:", "generation 1, steps 10–20:",
            ])
        #expect(
            lineage.map(\.text) == [
                " started as member 0; lr 0.01; val/prose/loss 2",
                " member 1 copied member 0's weights at step 10; lr 0.01 → 0.0125; val/prose/loss 1.8",
            ])
    }

    @Test("a hostile metric name is escaped")
    func escaped() throws {
        let html = try HTMLReport.render(try Self.model(metric: Fixtures.hostile))
        #expect(!html.contains(Fixtures.hostile))
        let document = try HTMLDocument(html)
        #expect(Fixtures.section(document, "population") != nil)
    }
}
