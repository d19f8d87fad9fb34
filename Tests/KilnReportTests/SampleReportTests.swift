import Foundation
import Testing

@testable import KilnReport

/// Renders every synthetic model (and a comparison); with `KILN_REPORT_SAMPLES=<dir>` set, also writes
/// them there as HTML for `scripts/render_report.sh` to screenshot.
@Suite struct SampleReportTests {
    @Test("every synthetic model renders to well-formed HTML", arguments: ["lr-sweep", "scaling", "rewarm", "compare"])
    func sample(name: String) throws {
        let html: String =
            switch name {
            case "lr-sweep": try HTMLReport.render(SyntheticReport.model(runs: 24, points: 400))
            case "scaling": try HTMLReport.render(SyntheticReport.scalingModel())
            case "rewarm": try HTMLReport.render(SyntheticReport.continualModel())
            default: try HTMLReport.renderComparison(ComparisonTests.sides().0, ComparisonTests.sides().1)
            }
        let document = try HTMLDocument(html)
        #expect(!document.root.find("section").isEmpty)
        if let directory = ProcessInfo.processInfo.environment["KILN_REPORT_SAMPLES"] {
            try html.write(toFile: "\(directory)/\(name).html", atomically: true, encoding: .utf8)
        }
    }
}
