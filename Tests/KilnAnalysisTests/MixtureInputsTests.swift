import Foundation
import KilnAnalysis
import KilnFit
import KilnPostgres
import KilnStore
import KilnTestSupport
import Testing

/// A sweep's continual-pretraining runs become D-CPT points in `SweepAnalysis`, the one reader of stored runs.
@Suite(.tags(.postgres))
struct MixtureInputsTests {
    static let eval = #""eval": [{"name": "prose", "source": "prose"}, {"name": "code", "source": "code"}]"#

    /// A run's parameters with `data` mixing prose and code at `code` : `prose`.
    static func params(prose: Double, code: Double, phases: Bool = false) -> String {
        let mixture = #"[{"source": "code", "weight": \#(code)}, {"source": "prose", "weight": \#(prose)}]"#
        let phase = phases ? #", "phases": [{"from": 0.9, "mixture": [{"source": "code", "weight": 1}]}]"# : ""
        return #"{"data": {"mixture": \#(mixture)\#(phase)}, \#(eval)}"#
    }

    @Test(
        "children of the pretraining runs at their domain ratio; parents and phased runs left out; metrics from the spec",
        .freshDatabase)
    func continualPretrainingRuns() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let sweeps = SweepStore(connection: connection)
        let sweepID = try sweeps.upsert(name: "mix", description: "", specText: "", specHash: "h", specPath: nil)
        var parent = NewRun(name: "pre", stage: "pretrain", params: Self.params(prose: 1, code: 0), configHash: "p")
        (parent.paramsCount, parent.tokens) = (1000, 5000)
        var runs = [parent]
        for (index, (prose, code, phases)) in [(3.0, 1.0, false), (1, 1, false), (1, 3, true)].enumerated() {
            var run = NewRun(
                name: "cpt\(index)", stage: "cpt", params: Self.params(prose: prose, code: code, phases: phases),
                configHash: "c\(index)")
            (run.paramsCount, run.tokens, run.parentName) = (1000, 2000 * (index + 1), "pre")
            runs.append(run)
        }
        try sweeps.register(runs, sweepID: sweepID)
        try connection.execute("UPDATE runs SET status = 'succeeded'")
        let points = try connection.query("SELECT id FROM runs").flatMap { row in
            let id: Int64 = try row.decode(at: 0)
            return [
                MetricPoint(runID: id, name: "val/prose/loss", step: 10, value: 2),
                MetricPoint(runID: id, name: "val/code/loss", step: 10, value: 3),
            ]
        }
        try MetricStore(connection: connection).ingest(points)

        let analysis = SweepAnalysis(connection: connection)
        let sweep = try analysis.sweep(named: "mix")
        let inputs = try analysis.mixtureInputs(sweep: sweep, generalMetric: nil, domainMetric: nil)
        #expect(inputs.generalMetric == "val/prose/loss" && inputs.domainMetric == "val/code/loss")
        #expect(inputs.domainSource == "code")
        #expect(inputs.data.points.map(\.ratio) == [0.25, 0.5], "the parent (r = 0) and the phased run are left out")
        #expect(inputs.data.points.map(\.tokens) == [2000, 4000])
        #expect(inputs.data.points.allSatisfy { $0.generalLoss == 2 && $0.domainLoss == 3 && $0.params == 1000 })

        let unknown = try #require(throws: AnalysisError.self) {
            try analysis.mixtureInputs(sweep: sweep, generalMetric: nil, domainMetric: "val/math/loss")
        }
        #expect(
            unknown.description
                == "error: no run of sweep 'mix' logged 'val/math/loss' (metrics: val/code/loss, val/prose/loss)")
        let notALoss = try #require(throws: AnalysisError.self) {
            try analysis.mixtureInputs(sweep: sweep, generalMetric: nil, domainMetric: "train/loss")
        }
        #expect(notALoss.message.contains("is not a validation loss 'val/<source>/loss'"))
    }
}
