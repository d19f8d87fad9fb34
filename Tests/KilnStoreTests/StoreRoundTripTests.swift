import Foundation
import KilnPostgres
import KilnStore
import KilnTestSupport
import Testing

@Suite(.tags(.postgres))
struct StoreRoundTripTests {
    @Test(.freshDatabase)
    func sweepsRunsAndMetricsRoundTripWithHostileParams() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let sweeps = SweepStore(connection: connection)
        let id = try sweeps.upsert(name: "s1", description: "d", specText: "name: s1", specHash: "h1", specPath: nil)
        let params = #"{"note": "'; DROP TABLE runs; --", "uni": "ünïcödé ✓", "q": "a\"b", "lr": 0.001, "layers": 2}"#
        var parent = NewRun(name: "a", stage: "pre", params: params, configHash: "c1")
        parent.flops = 1.5e12
        var child = NewRun(name: "b", stage: "cpt", params: "{}", configHash: "c2")
        child.parentName = "a"
        child.parentStep = 100
        #expect(try sweeps.register([parent, child], sweepID: id) == 2)
        #expect(try sweeps.register([parent, child], sweepID: id) == 0)

        let stored = try connection.query("SELECT params = $1::jsonb, flops FROM runs WHERE name = 'a'", [params])
        #expect(try stored[0].decode(Bool.self, at: 0))
        #expect(try stored[0].decode(Double.self, at: 1) == 1.5e12)
        let note = try connection.query(
            "SELECT params->>'note', params->>'uni', params->>'q' FROM runs WHERE name = 'a'")[0]
        #expect(note[0] == "'; DROP TABLE runs; --")
        #expect(note[1] == "ünïcödé ✓")
        #expect(note[2] == "a\"b")
        let link = try connection.query(
            """
            SELECT p.name, c.parent_step FROM runs c JOIN runs p ON p.id = c.parent_run_id WHERE c.name = 'b'
            """)
        #expect(link.first?[0] == "a")
        #expect(link.first?[1] == "100")

        let runID = try connection.query("SELECT id FROM runs WHERE name = 'a'")[0].decode(Int64.self, at: 0)
        let metrics = MetricStore(connection: connection)
        try metrics.ingest([
            MetricPoint(runID: runID, name: "train/loss", step: 0, value: 5.5),
            MetricPoint(runID: runID, name: "train/loss", step: 10, value: 3.25),
            MetricPoint(runID: runID, name: "lr", step: 10, value: .nan),
        ])
        #expect(try metrics.series(runID: runID, name: "train/loss").map(\.value) == [5.5, 3.25])
        #expect(try metrics.finalValues(runID: runID)["lr"]?.isNaN == true)
        #expect(try sweeps.sweep(named: "s1")?.specHash == "h1")
    }

    @Test(.freshDatabase, .tags(.slow))
    func reingestingTwoHundredThousandPointsKeepsTheCount() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let metrics = MetricStore(connection: connection)
        let names = ["train/loss", "lr", "val/prose/loss", "grad_norm"]
        let points = (0..<200_000).map { i in
            MetricPoint(runID: 7, name: names[i % 4], step: i / 4, value: Double(i) * 0.001)
        }
        #expect(try metrics.ingest(points) == 200_000)
        #expect(try metrics.ingest(points) == 0)
        #expect(try metrics.count(runID: 7) == 200_000)
        // A batch that overlaps stored points adds only the new ones.
        let overlap = Array(points.suffix(10)) + [MetricPoint(runID: 7, name: "lr", step: 1_000_000, value: 1)]
        #expect(try metrics.ingest(overlap) == 1)
        #expect(try metrics.count(runID: 7) == 200_001)
        let sum = try connection.query("SELECT sum(value) FROM metrics WHERE run_id = 7 AND step < 50000")[0]
        #expect(abs(try sum.decode(Double.self, at: 0) - (0..<200_000).reduce(0.0) { $0 + Double($1) * 0.001 }) < 1e-3)
    }
}

@Suite(.tags(.postgres))
struct FitStoreTests {
    @Test(.freshDatabase)
    func fitsAreSavedWithTheirInputsAndListedNewestFirst() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let sweep = try SweepStore(connection: connection).upsert(
            name: "grid", description: "", specText: "", specHash: "h", specPath: nil)
        let fits = FitStore(connection: connection)
        try fits.save(
            kind: "chinchilla", sweepID: sweep, inputs: #"[{"N": 1e6, "D": 2e7, "loss": 3.1}]"#,
            parameters: #"{"E": 1.69, "alpha": 0.34}"#)
        try fits.save(kind: "isoflop", sweepID: sweep, inputs: "[]", parameters: #"{"a": 0.5}"#)
        let all = try fits.fits(sweepID: sweep)
        #expect(all.map(\.kind) == ["isoflop", "chinchilla"])
        let chinchilla = try #require(try fits.fits(sweepID: sweep, kind: "chinchilla").first)
        #expect(chinchilla.parameters.contains("\"alpha\": 0.34"))
        #expect(chinchilla.inputs.contains("\"loss\": 3.1"))
    }
}
