import Foundation
import Testing
@testable import KilnReport

@Suite struct SummaryColumnsTests {
    @Test("the summary has columns for parameters that vary and one escaped line for those every run shares")
    func sharedParametersGoInOneLine() throws {
        let runs = (0..<2).map { index in
            ReportRun(
                id: Int64(index), name: "run-\(index)", sweep: "s",
                params: ["lr": .number(index == 0 ? 0.001 : 0.003), "batch": .number(16), "<i>x</i>": .text("<b>")])
        }
        let html = try HTMLReport.render(ReportModel(sweeps: [ReportSweep(id: 1, name: "s")], runs: runs))
        let summary = try #require(html.range(of: "id=\"summary\"").map { String(html[$0.lowerBound...].prefix(4000)) })
        #expect(summary.contains("Every run: "))
        #expect(summary.contains("batch = 16"))
        #expect(summary.contains("&lt;i&gt;x&lt;/i&gt; = &lt;b&gt;"))
        #expect(!summary.contains("<i>x</i>"))
        #expect(summary.contains(">lr<"), "a varying parameter keeps its column")
        #expect(!summary.contains(">batch<"), "a shared parameter has no column")
    }
}
