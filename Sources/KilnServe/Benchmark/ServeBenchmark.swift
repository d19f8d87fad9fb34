import Foundation
import KilnPostgres
import KilnReport
import KilnStore
import Logging
import Synchronization

/// `kiln bench serve`: `kiln serve` in this process on a free loopback port, measured from outside over
/// HTTP: a large sweep page (cold and cached), a run page, the latency from ingesting a point to the
/// event on an open page (and to the refreshed page), and metric ingestion with and without viewers.
package struct ServeBenchmark: Sendable {
    package var databaseURL: String
    /// Size of the large sweep.
    package var runs: Int
    package var points: Int
    /// Open pages following the live sweep while it ingests.
    package var viewers: Int
    /// Ingestions timed for the live latency.
    package var liveRounds = 20
    /// `ingest` calls of 48 points per measurement of ingestion speed: about 1 s on a quiet 2-core machine,
    /// so a watched measurement spans about two page refreshes.
    package var ingestBatches = 1_500
    /// Pairs of measurements (alone, then watched, or the other way round), each pair taken back to back so
    /// the drift of the machine's speed (other processes, autovacuum, checkpoints) cancels in its ratio.
    package var ingestPairs = 12

    package init(databaseURL: String, runs: Int, points: Int, viewers: Int) {
        self.databaseURL = databaseURL
        self.runs = runs
        self.points = points
        self.viewers = viewers
    }

    /// Milliseconds of repeated measurements.
    package struct Times: Sendable {
        package var seconds: [Double]
        package var median: Double { seconds.sorted()[seconds.count / 2] }
        package var max: Double { seconds.max() ?? 0 }
        package var text: String { String(format: "median %.0f ms, max %.0f ms", median * 1000, max * 1000) }
    }

    package static let bigSweep = "kiln-bench-serve"
    package static let liveSweep = "kiln-bench-serve-live"

    /// Runs every measurement, printing each line through `say`; deletes its sweeps afterwards.
    package func run(say: @escaping @Sendable (String) -> Void) async throws {
        let connection = try Connection(url: databaseURL, applicationName: "kiln-bench")
        say("filling \(Self.bigSweep): \(runs) runs x \(points) points x 3 metrics (not timed) …")
        let bigID = try ReportStoreBenchmark(connection: connection, runs: runs, points: points).fill(
            named: Self.bigSweep)
        let live = try ReportStoreBenchmark(connection: connection, runs: 20, points: 100).fill(named: Self.liveSweep)
        try connection.execute("UPDATE runs SET status = 'running' WHERE sweep_id = $1", [live])
        let liveRuns = try RunStore(connection: connection).runs(sweepID: live).map(\.id)
        let bigRun = try RunStore(connection: connection).runs(sweepID: bigID)[runs / 2].id
        defer {
            for id in [bigID, live] { try? SweepStore(connection: connection).delete(id: id) }
        }

        let configuration = try ServeConfiguration(
            host: "127.0.0.1", port: 0, databaseURL: databaseURL, token: AccessToken.generate())
        var logger = Logger(label: "kiln.bench.serve")
        logger.logLevel = .warning
        let server = KilnServer(configuration: configuration, logger: logger)
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        // The server runs until the process exits (cancelling it would log the shutdown of open connections).
        Task { try await server.run { _ = portSink.yield($0) } }
        var portIterator = ports.makeAsyncIterator()
        guard let port = await portIterator.next() else {
            throw HTTPProbe.Failure(description: "the server did not start")
        }
        let probe = HTTPProbe(port: port)

        let pageResults = try await blocking { () -> [String] in
            var lines: [String] = []
            let cold = try probe.send("GET", "/sweeps/\(bigID)")
            guard cold.status == 200 else { throw HTTPProbe.Failure(description: "sweep page: HTTP \(cold.status)") }
            lines.append(
                String(
                    format:
                        "sweep page, %d runs x %d points, first view (load + render): TTFB %.0f ms, total %.0f ms, %.2f MB",
                    runs, points, cold.firstByteSeconds * 1000, cold.totalSeconds * 1000,
                    Double(cold.body.utf8.count) / 1e6))
            let warm = try (0..<5).map { _ in try probe.send("GET", "/sweeps/\(bigID)") }
            lines.append(
                "sweep page, next views (cached until the sweep changes): TTFB "
                    + Times(seconds: warm.map(\.firstByteSeconds)).text + "; total "
                    + Times(seconds: warm.map(\.totalSeconds)).text)
            let runPages = try (0..<10).map { _ in try probe.send("GET", "/runs/\(bigRun)") }
            lines.append(
                "run page (\(points) points x 3 metrics): total " + Times(seconds: runPages.map(\.totalSeconds)).text)
            let home = try (0..<5).map { _ in try probe.send("GET", "/") }
            lines.append("home page: total " + Times(seconds: home.map(\.totalSeconds)).text)
            return lines
        }
        pageResults.forEach(say)

        let latency = try await blocking { [liveRounds, databaseURL] () -> (Times, Times) in
            let ingest = MetricStore(connection: try Connection(url: databaseURL, applicationName: "kiln-bench"))
            let events = try EventStreamReader(port: port, path: "/sweeps/\(live)/events")
            guard events.waitFor(": kiln serve") else { throw HTTPProbe.Failure(description: "no event stream") }
            var toEvent: [Double] = [], toPage: [Double] = []
            for round in 0..<liveRounds {
                let start = DispatchTime.now()
                try ingest.ingest([MetricPoint(runID: liveRuns[0], name: "train/loss", step: 10_000 + round, value: 1)])
                guard events.waitFor("\"sweeps\":[\(live)]", times: round + 1, seconds: 10) else {
                    throw HTTPProbe.Failure(description: "no event within 10 s of an ingestion")
                }
                toEvent.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
                _ = try probe.send("GET", "/sweeps/\(live)")
                toPage.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
            }
            return (Times(seconds: toEvent), Times(seconds: toPage))
        }
        say("live: ingestion -> event on the open page: \(latency.0.text); -> page refreshed: \(latency.1.text)")

        let pairs = try await blocking { [self] () -> [(alone: Double, watched: Double)] in
            let ingest = MetricStore(connection: try Connection(url: databaseURL, applicationName: "kiln-bench"))
            var pairs: [(alone: Double, watched: Double)] = [], step = 100_000
            for pair in 0..<ingestPairs {
                // Alternate which goes first, so neither always runs on a warmer cache.
                var rates: [Bool: Double] = [:]
                for withViewers in pair % 2 == 0 ? [false, true] : [true, false] {
                    let crowd = withViewers ? Viewers(count: viewers, port: port, sweepID: live) : nil
                    rates[withViewers] = try ingestRate(ingest, runIDs: liveRuns, firstStep: step)
                    crowd?.stop()
                    step += ingestBatches / liveRuns.count + 1
                }
                pairs.append((rates[false]!, rates[true]!))
            }
            return pairs
        }
        let changes = pairs.map { ($0.watched / $0.alone - 1) * 100 }.sorted()
        let alone = pairs.map(\.alone).sorted()[pairs.count / 2]
        say(
            String(
                format:
                    "ingestion (%d pairs of %d calls of 48 points into a running sweep of 20 runs, each pair alone and with %d open pages following it): median change %+.1f%% (quartiles %+.1f%% to %+.1f%%; alone %.0f points/s)",
                pairs.count, ingestBatches, viewers, changes[changes.count / 2], changes[changes.count / 4],
                changes[changes.count * 3 / 4], alone))
    }

    /// Points per second of `ingestBatches` calls of 48 points (12 steps of train/loss, val/prose/loss, lr and
    /// grad_norm, as a trainer's batch), round-robin over `runIDs`.
    private func ingestRate(_ store: MetricStore, runIDs: [Int64], firstStep: Int) throws -> Double {
        let names = ["train/loss", "val/prose/loss", "lr", "grad_norm"]
        let start = DispatchTime.now()
        for batch in 0..<ingestBatches {
            let run = runIDs[batch % runIDs.count], base = (firstStep + batch / runIDs.count) * 12
            try store.ingest(
                (0..<12).flatMap { step in
                    names.map {
                        MetricPoint(runID: run, name: $0, step: base + step, value: 2 + 1 / Double(base + step))
                    }
                })
        }
        return Double(ingestBatches * 48)
            / (Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
    }
}

/// Browsers following a sweep page: each keeps its event stream open and, like the live script, fetches
/// the page again after each change (one fetch at a time), on a thread of its own.
final class Viewers: Sendable {
    private let stopped = Mutex(false)
    private let done = DispatchGroup()

    init(count: Int, port: Int, sweepID: Int64) {
        let probe = HTTPProbe(port: port)
        for _ in 0..<count {
            done.enter()
            let thread = Thread { [self] in
                defer { done.leave() }
                let events: EventStreamReader
                do {
                    events = try EventStreamReader(port: port, path: "/sweeps/\(sweepID)/events")
                } catch {
                    FileHandle.standardError.write(Data("viewer: opening the event stream failed: \(error)\n".utf8))
                    return
                }
                var seen = 0
                while !stopped.withLock({ $0 }) {
                    guard events.waitFor("event: change", times: seen + 1, seconds: 0.5) else { continue }
                    seen += 1
                    do {
                        _ = try probe.send("GET", "/sweeps/\(sweepID)")
                    } catch {
                        FileHandle.standardError.write(Data("viewer: fetching the page failed: \(error)\n".utf8))
                    }
                }
            }
            thread.start()
        }
    }

    /// Stops every viewer and waits for them.
    func stop() {
        stopped.withLock { $0 = true }
        done.wait()
    }
}
