import KilnPostgres
import KilnStore
import KilnTestSupport
import Testing

@Suite(.tags(.postgres))
struct MetricOverviewStoreTests {
    /// A sweep with runs `a` and `b` and no points; their ids.
    static func runs(_ connection: Connection) throws -> (a: Int64, b: Int64) {
        let ids = try StoreSamples.sweep(connection, name: "o", runNames: ["a", "b"], points: 0).runIDs
        return (ids[0], ids[1])
    }

    static func points(_ runID: Int64, _ series: [(step: Int, value: Double)], name: String = "train/loss")
        -> [MetricPoint]
    {
        series.map { MetricPoint(runID: runID, name: name, step: $0.step, value: $0.value) }
    }

    static func count(_ connection: Connection, _ runID: Int64) throws -> Int {
        try connection.query("SELECT count(*) FROM metric_overviews WHERE run_id = $1", [runID])[0].decode(
            Int.self, at: 0)
    }

    @Test(.freshDatabase)
    func storedOverviewsReadBackExactly() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let (a, _) = try Self.runs(connection)
        let series = MetricOverviewTests.curve(3_000, seed: 5)
        try MetricStore(connection: connection).ingest(
            Self.points(a, series) + Self.points(a, [(0, 1e-3), (10, .nan)], name: "lr"))
        let stored = try MetricOverviewStore(connection: connection).refresh(runIDs: [a])
        let read = try MetricOverviewStore(connection: connection).overviews(runIDs: [a])
        #expect(Set(read[a]?.keys ?? [:].keys) == ["train/loss", "lr"])
        for name in ["train/loss", "lr"] {
            let back = try #require(read[a]?[name]), sent = try #require(stored[a]?[name])
            #expect(back.steps == sent.steps)
            #expect(back.values.map(\.bitPattern) == sent.values.map(\.bitPattern))
            #expect(back.points == sent.points)
        }
        #expect(read[a]?["train/loss"]?.points == 3_000)
        #expect(read[a]?["train/loss"]?.steps == MetricOverview(series).steps)
    }

    @Test(.freshDatabase)
    func anyChangeToARunsPointsForgetsItsOverviewsAndOnlyThose() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let (a, b) = try Self.runs(connection)
        let metrics = MetricStore(connection: connection), overviews = MetricOverviewStore(connection: connection)
        try metrics.ingest(Self.points(a, [(0, 3), (1, 2)]) + Self.points(b, [(0, 3)]))
        try overviews.refresh(runIDs: [a, b])
        #expect(try Self.count(connection, a) == 1 && Self.count(connection, b) == 1)

        try metrics.ingest(Self.points(a, [(2, 1)]))  // by COPY
        #expect(try Self.count(connection, a) == 0 && Self.count(connection, b) == 1)
        try overviews.refresh(runIDs: [a])
        try metrics.ingest(Self.points(a, [(2, 1), (3, 0.5)]))  // a repeated point: through the staging table
        #expect(try Self.count(connection, a) == 0)
        try overviews.refresh(runIDs: [a])
        #expect(try overviews.overviews(runIDs: [a])[a]?["train/loss"]?.steps == [0, 1, 2, 3])

        try metrics.delete(runIDs: [b])
        #expect(try Self.count(connection, b) == 0)
        try RunStore(connection: connection).delete(runIDs: [a])
        #expect(try connection.query("SELECT count(*) FROM metric_overviews")[0].decode(Int.self, at: 0) == 0)
    }

    @Test(.freshDatabase)
    func theCacheOfARunningRunFollowsEveryPointStoredSinceTheLastLoad() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let (a, b) = try Self.runs(connection)
        let metrics = MetricStore(connection: connection), cache = OverviewCache()
        let series = MetricOverviewTests.curve(6_000, seed: 21)
        let eval = series.enumerated().filter { $0.offset % 50 == 49 }.map {
            ($0.element.step, 1.0 / Double($0.offset))
        }
        var stored: [(step: Int, value: Double)] = [], storedEval: [(step: Int, value: Double)] = []
        for (round, chunk) in stride(from: 0, to: series.count, by: 1_500).enumerated() {
            let part = Array(series[chunk..<chunk + 1_500])
            stored += part
            var points = Self.points(a, part)
            if round > 0 {  // a metric that appears only once the cache knows the run
                let evalPart = eval.filter { $0.0 > part.first!.step && $0.0 <= part.last!.step }
                storedEval += evalPart.map { (step: $0.0, value: $0.1) }
                points += Self.points(a, evalPart.map { (step: $0.0, value: $0.1) }, name: "val/prose/loss")
            }
            try metrics.ingest(points)
            let read = try cache.overviews(of: [(id: a, attempt: 1), (id: b, attempt: 1)], connection: connection)
            #expect(read[a]?["train/loss"]?.steps == MetricOverview(stored).steps)
            #expect(read[a]?["train/loss"]?.points == stored.count)
            #expect(read[a]?["val/prose/loss"]?.steps == (round > 0 ? MetricOverview(storedEval).steps : nil))
            #expect(read[b]?.isEmpty == true)
        }
        // A new attempt starts over from the stored points.
        let again = try cache.overviews(of: [(id: a, attempt: 2)], connection: connection)
        #expect(again[a]?["train/loss"]?.points == series.count)
    }
}
