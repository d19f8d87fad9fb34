import Foundation
import KilnFit
import KilnPostgres
import KilnStore
import KilnTestSupport
import Testing

/// `kiln fit mixture SWEEP` fits the D-CPT law to a stored sweep's continual-pretraining runs, saves it, and
/// the report shows the saved fit; wrong inputs are refused with the reason and exit status 1.
@Suite(.tags(.postgres, .subprocess))
struct FitMixtureTests {
    static let domain = DCPTLaw(
        E: 1.2, A: 300, B: 800, C: 0.4, alpha: 0.35, beta: 0.3, gamma: 0.6, eta: 0.05, epsilon: 0.01)
    static let general = DCPTLaw(
        E: 1.6, A: 400, B: 400, C: 0.2, alpha: 0.34, beta: 0.28, gamma: 0.5, eta: 0.01, epsilon: 0.01)
    static let eval = #""eval": [{"name": "prose", "source": "prose"}, {"name": "code", "source": "code"}]"#

    /// Registers sweep `name`: one pretraining parent per N, and its children at every (D, r) with losses from the
    /// laws (or, `mixed: false`, children that all train on prose alone: no ratios).
    static func storeSweep(_ name: String, mixed: Bool, connection: Connection) throws {
        let sweeps = SweepStore(connection: connection)
        let sweepID = try sweeps.upsert(name: name, description: "", specText: "", specHash: name, specPath: nil)
        var runs: [NewRun] = [], losses: [String: (Double, Double)] = [:]
        for n in [2e7, 5e7, 1e8] {
            var parent = NewRun(
                name: "pre-\(n)", stage: "pretrain", params: #"{"data": "prose", \#(eval)}"#, configHash: "p\(n)")
            (parent.paramsCount, parent.tokens) = (Int(n), 1_000_000_000)
            runs.append(parent)
            for d in [1e8, 3e8, 1e9] {
                for r in mixed ? [0.1, 0.2, 0.35, 0.5, 0.7, 0.9] : [0.0] {
                    let data =
                        mixed
                        ? #"{"mixture": [{"source": "code", "weight": \#(r)}, {"source": "prose", "weight": \#(1 - r)}]}"#
                        : #"{"mixture": [{"source": "prose", "weight": 1}]}"#
                    var run = NewRun(
                        name: "cpt-\(n)-\(d)-\(r)", stage: "cpt", params: #"{"data": \#(data), \#(eval)}"#,
                        configHash: "c\(n)\(d)\(r)")
                    (run.paramsCount, run.tokens, run.parentName) = (Int(n), Int(d), parent.name)
                    runs.append(run)
                    losses[run.name] = (
                        general.loss(params: n, tokens: d, ratio: 1 - r), domain.loss(params: n, tokens: d, ratio: r)
                    )
                }
            }
        }
        try sweeps.register(runs, sweepID: sweepID)
        try connection.execute("UPDATE runs SET status = 'succeeded' WHERE sweep_id = $1", [sweepID])
        var points: [MetricPoint] = []
        for row in try connection.query("SELECT id, name FROM runs WHERE sweep_id = $1", [sweepID]) {
            let (general, domain) = losses[row[1]!] ?? (2, 2)
            points += [
                MetricPoint(runID: try row.decode(at: 0), name: "val/prose/loss", step: 100, value: general),
                MetricPoint(runID: try row.decode(at: 0), name: "val/code/loss", step: 100, value: domain),
            ]
        }
        try MetricStore(connection: connection).ingest(points)
    }

    @Test(.freshDatabase)
    func fitsAStoredSweepPredictsHeldOutRatiosAndTheReportShowsIt() throws {
        let connection = try Connection(url: FreshDatabase.url)
        try Self.storeSweep("mix", mixed: true, connection: connection)
        let url = ["--database-url", FreshDatabase.url]
        let fit = try ChildProcess.run(
            [ChildProcess.kiln, "fit", "mixture", "mix", "--hold-out", "r=0.35,0.7", "--bootstrap", "5", "--json"] + url
        )
        #expect(fit.status == 0, "\(fit.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(fit.stdout.utf8)) as? [String: Any])
        #expect(json["method"] as? String == "d-cpt")
        #expect(json["data_count"] as? Int == 36, "the 3 parents and the 18 held-out runs are not fitted")
        let predictions = try #require(json["predictions"] as? [[String: Any]])
        #expect(predictions.count == 18)
        let mean = try #require(json["mean_prediction_error"] as? [String: Double])
        #expect(mean["general"]! < 0.002 && mean["domain"]! < 0.002, "\(mean)")
        let stored = try connection.query("SELECT kind, metric FROM fits").map { [$0[0], $0[1]] }
        #expect(stored == [["d-cpt", "val/prose/loss,val/code/loss"]])

        let table = try ChildProcess.run([ChildProcess.kiln, "fit", "mixture", "mix", "--bootstrap", "0"] + url)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("best domain ratio at N = 1e+08, D = 1e+09: r* = "), "\(table.stdout)")

        let project = try ChildProcess.temporaryDirectory("kiln-fit-mixture-report")
        defer { try? FileManager.default.removeItem(atPath: project) }
        let report = try ChildProcess.run([ChildProcess.kiln, "report", "mix", "-o", project + "/r.html"] + url)
        #expect(report.status == 0, "\(report.stderr)")
        let html = try String(contentsOfFile: project + "/r.html", encoding: .utf8)
        let start = try #require(html.range(of: "<section id=\"dcpt\"")).lowerBound
        let section = String(html[start...]).components(separatedBy: "</section>")[0]
        #expect(section.contains("D-CPT law · mix"), "\(section)")
        #expect(section.contains("Best domain ratio r* = "), "\(section)")
        #expect(html.contains("<a href=\"#dcpt\">"), "the section is in the navigation")
    }

    @Test(.freshDatabase)
    func wrongInputsAreRefusedWithTheReason() throws {
        let connection = try Connection(url: FreshDatabase.url)
        try Self.storeSweep("mix", mixed: true, connection: connection)
        try Self.storeSweep("prose-only", mixed: false, connection: connection)
        let url = ["--database-url", FreshDatabase.url]
        let cases: [([String], String)] = [
            (
                ["mix", "--metric-domain", "val/math/loss"],
                "error: no run of sweep 'mix' logged 'val/math/loss' (metrics: val/code/loss, val/prose/loss)\n"
            ),
            (
                ["prose-only"],
                "error: no run of sweep 'prose-only' trains on a mixture with 'code', the domain metric's source "
                    + "(sources: prose); the D-CPT law needs runs at several ratios of it\n"
            ),
            (
                ["mix", "--hold-out", "0.4"],
                "error: sweep mix: no point has ratio 0.4 to hold out (ratios: 0.1, 0.2, 0.35, 0.5, 0.7, 0.9)\n"
            ),
        ]
        for (arguments, message) in cases {
            let result = try ChildProcess.run([ChildProcess.kiln, "fit", "mixture"] + arguments + url)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr == message, "\(arguments)")
            #expect(result.stdout.isEmpty)
        }
        #expect(try connection.query("SELECT count(*) FROM fits")[0].decode(Int.self, at: 0) == 0)
    }
}
