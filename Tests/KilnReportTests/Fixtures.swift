@testable import KilnReport

/// Models and queries shared by the report tests.
enum Fixtures {
    static let hostile = "<script>alert(1)</script>"

    /// A two-run sweep whose every user string is hostile: run and sweep names, description, parameter
    /// names and values, and a metric name.
    static func hostileModel() -> ReportModel {
        let curve = (0..<20).map { CurvePoint(step: $0 * 10, value: 3 - Double($0) * 0.05) }
        let metric = "val/<img src=x onerror=alert(2)>/loss"
        let runs = [
            ReportRun(
                id: 1, name: hostile, sweep: "sweep \"quoted\" & 'single'",
                params: ["<b onmouseover=alert(3)>lr</b>": .number(1e-3), "note": .text("a,b \"c\"\nd")],
                series: [
                    "train/loss": curve, metric: curve, "lr": curve.map { CurvePoint(step: $0.step, value: 1e-3) },
                ]),
            ReportRun(
                id: 2, name: "plain", sweep: "sweep \"quoted\" & 'single'",
                params: ["<b onmouseover=alert(3)>lr</b>": .number(2e-3), "note": .text("x")],
                series: ["train/loss": curve, metric: curve]),
        ]
        return ReportModel(
            sweeps: [
                ReportSweep(id: 1, name: "sweep \"quoted\" & 'single'", description: "</p><script>alert(4)</script>")
            ],
            runs: runs)
    }

    /// The `<section>` with `id`.
    static func section(_ document: HTMLDocument, _ id: String) -> HTMLDocument.Element? {
        document.root.find("section").first { $0.attributes["id"] == id }
    }

    /// Number of vertices in an SVG path written as `M x,y x,y …`.
    static func vertices(_ path: HTMLDocument.Element) -> Int {
        (path.attributes["d"] ?? "").split(separator: " ").count
    }
}
