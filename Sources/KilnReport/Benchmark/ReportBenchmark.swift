/// Times the HTML report of a synthetic sweep (`kiln bench report`): the goal is 1,000 runs × 1,000
/// points per metric in under 3 s and under 5 MB.
package enum ReportBenchmark {
    /// What one benchmark run measured.
    package struct Result: Sendable {
        /// Runs in the synthetic sweep.
        package var runs: Int
        /// Points per metric per run.
        package var points: Int
        /// Seconds to build the synthetic model (not part of the goal).
        package var modelSeconds: Double
        /// Seconds to render the HTML report from the model (the goal: < 3).
        package var renderSeconds: Double
        /// Size of the HTML report in bytes (the goal: < 5,000,000).
        package var bytes: Int
        /// The report itself, for writing to a file.
        package var html: String
    }

    /// Builds `SyntheticReport.model(runs:points:)`, renders it, and returns the timings and size.
    package static func run(runs: Int = 1000, points: Int = 1000) throws -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let model = SyntheticReport.model(runs: runs, points: points)
        let built = clock.now
        let html = try HTMLReport.render(model)
        let rendered = clock.now
        return Result(
            runs: runs, points: points, modelSeconds: seconds(built - start), renderSeconds: seconds(rendered - built),
            bytes: html.utf8.count, html: html)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
