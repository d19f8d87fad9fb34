import Foundation
import Testing

@testable import KilnReport

/// The model-growth section: each grown run with its total compute (its source's training counted) next
/// to the same-size runs from scratch of about that compute.
@Suite struct GrowthSectionTests {
    static func run(
        _ id: Int64, _ name: String, parameters: Int64, flops: Double, loss: Double, parent: Int64? = nil,
        grow: Bool = false
    ) -> ReportRun {
        var params: [String: ParameterValue] = [:]
        if grow {
            params = [
                "grow.operator": .text("stack"), "grow.source_layers": .number(2), "grow.layers": .number(4),
                "grow.source_step": .number(600),
            ]
        }
        return ReportRun(
            id: id, name: name, sweep: "growth", params: params, parameterCount: parameters, flops: flops,
            parentRunID: parent, series: ["val/prose/loss": [CurvePoint(step: 600, value: loss)]])
    }

    @Test("a grown run's total FLOPs add its source's; scratch runs of its size and total compute sit beside it")
    func comparison() throws {
        let model = ReportModel(
            sweeps: [ReportSweep(id: 1, name: "growth")],
            runs: [
                Self.run(1, "small", parameters: 100, flops: 2e11, loss: 2.6),
                Self.run(2, "grown", parameters: 200, flops: 4e11, loss: 2.4, parent: 1, grow: true),
                Self.run(3, "scratch", parameters: 200, flops: 6.1e11, loss: 2.5),
                Self.run(4, "scratch-short", parameters: 200, flops: 4e11, loss: 2.7),
            ])
        let section = try #require(Fixtures.section(try HTMLDocument(try HTMLReport.render(model)), "growth"))
        let text = section.textContent
        #expect(text.contains("stack 2 → 4 layers from small at step 600"))
        #expect(text.contains("6e11"), "the grown run's total: 2e11 + 4e11: \(text)")
        #expect(text.contains("scratch") && !text.contains("scratch-short"), "only scratch runs of equal total compute")
        #expect(text.contains("grown 2.4 (1 runs), from scratch 2.5 (1 runs)"), "\(text)")
        let noGrowth = ReportModel(
            sweeps: [ReportSweep(id: 1, name: "s")], runs: [Self.run(1, "a", parameters: 1, flops: 1, loss: 1)])
        #expect(Fixtures.section(try HTMLDocument(try HTMLReport.render(noGrowth)), "growth") == nil)
    }
}
