import Foundation
import KilnPostgres
import KilnServe
import KilnStore
import KilnTestSupport
import Testing

/// Debian's chromium, if installed.
private let installedChromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// A sweep page in headless Chromium while a real sweep trains: the page follows it without reloading.
/// As root, `make test` installs chromium, so a missing one fails the test; as another user it is skipped.
@Suite(
    .tags(.postgres, .subprocess, .slow),
    .enabled(if: installedChromium != nil || getuid() == 0, "needs Debian's chromium (make test installs it as root)"))
struct BrowserTests {
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures").path
    /// The repository's root folder.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test(.freshDatabase)
    func aSweepPageShowsPointsArriveAndARunFinishWithoutReloading() throws {
        guard let chromium = installedChromium else {
            Issue.record("chromium is not installed: run `make test` as root, or apt-get install chromium")
            return
        }
        let project = try ChildProcess.temporaryDirectory("kiln-browser")
        defer { try? FileManager.default.removeItem(atPath: project) }
        // The scheduler tests' protocol-speaking trainer: 60 steps, one every 0.1 s.
        try """
        name: browser
        description: a run watched in the browser
        trainer:
          command: [/usr/bin/python3, \(Self.root)/Tests/KilnSchedulerTests/Fixtures/trainer.py, --steps, "{steps}",
                    --every, "1000", --sleep, "0.1"]
        grid: {steps: [60]}
        """.write(toFile: project + "/browser.yaml", atomically: true, encoding: .utf8)
        let connection = try Connection(url: FreshDatabase.url)
        let sweep = try ChildProcess.spawn(
            [ChildProcess.kiln, "run", "browser.yaml", "--database-url", FreshDatabase.url], in: project,
            stdout: project + "/run.out", stderr: project + "/run.err")
        func runState() throws -> (id: Int64, status: String, points: Int)? {
            try connection.query(
                """
                SELECT r.id, r.status, (SELECT count(*) FROM metrics m WHERE m.run_id = r.id AND m.name = 'train/loss')
                FROM runs r
                """
            ).first.map {
                (try $0.decode(Int64.self, at: 0), try $0.decode(String.self, at: 1), try $0.decode(Int.self, at: 2))
            }
        }
        try waitUntil("the run has trained a few steps", seconds: 60) { (try runState()?.points ?? 0) >= 3 }
        let run = try #require(try runState())
        let sweepID = try connection.query("SELECT id FROM sweeps WHERE name = 'browser'")[0].decode(Int64.self, at: 0)
        let server = try ServeProcess(databaseURL: FreshDatabase.url)

        let probe = """
            (function () {
              var path = document.querySelector('#curves svg.plot .data path[data-key="r\(run.id)"]');
              var state = document.querySelector('#run-list tr[data-run="\(run.id)"] .run-state');
              return JSON.stringify({ points: path ? path.getAttribute('d').slice(1).trim().split(' ').length : 0,
                                      state: state ? state.textContent : null });
            })()
            """
        let until =
            "document.querySelector('#run-list tr[data-run=\"\(run.id)\"] .run-state').textContent === 'succeeded'"
        try FileManager.default.createDirectory(atPath: Self.root + "/.build", withIntermediateDirectories: true)
        let screenshot = Self.root + "/.build/serve-browser.png"
        let watch = try ChildProcess.run([
            "/usr/bin/python3", Self.fixtures + "/watch_page.py", "--chromium", chromium,
            "--url", "http://127.0.0.1:\(server.port)/sweeps/\(sweepID)", "--probe", probe, "--until", until,
            "--seconds", "90", "--screenshot", screenshot,
        ])
        #expect(watch.status == 0, "\(watch.stdout)\n\(watch.stderr)")
        struct Seen: Decodable {
            var points: Int
            var state: String?
        }
        let lines = watch.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let seen = lines.compactMap { line -> Seen? in
            guard let value = line["value"] as? String else { return nil }
            return try? JSONDecoder().decode(Seen.self, from: Data(value.utf8))
        }
        #expect(lines.allSatisfy { $0["same_page"] as? Bool == true }, "the page reloaded: \(watch.stdout)")
        let first = try #require(seen.first, "\(watch.stdout)")
        #expect(first.state == "running", "\(watch.stdout)")
        #expect(
            seen.contains { $0.points > first.points && $0.state == "running" },
            "no point arrived live: \(watch.stdout)")
        #expect(seen.last?.state == "succeeded", "\(watch.stdout)")
        #expect(seen.last.map { $0.points > first.points } == true, "\(watch.stdout)")
        #expect(FileManager.default.fileExists(atPath: screenshot))
        #expect(ChildProcess.wait(sweep) == 0)
        #expect(server.stop() == 0)
    }

    /// Issue 15: after a live update swaps the page's content, clicking a summary header still sorts the
    /// table (the swapped-in table is a new node, so handlers bound at load would miss it), a sorted table
    /// stays sorted through the next swap, and the status line says the page was updated.
    @Test(.freshDatabase)
    func theSummaryTableSortsAfterALiveSwap() throws {
        guard let chromium = installedChromium else {
            Issue.record("chromium is not installed: run `make test` as root, or apt-get install chromium")
            return
        }
        let connection = try Connection(url: FreshDatabase.url)
        let sample = try StoreSamples.sweep(connection, name: "sorting", runNames: ["a", "b", "c"])
        let server = try ServeProcess(databaseURL: FreshDatabase.url)
        let folder = try ChildProcess.temporaryDirectory("kiln-browser-sort")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        /// New final losses of runs a, b, c, in one statement: one change, so one swap.
        func ingest(step: Int, losses: [Double?]) throws {
            try MetricStore(connection: connection).ingest(
                zip(sample.runIDs, losses).compactMap { id, loss in
                    loss.map { MetricPoint(runID: id, name: "train/loss", step: step, value: $0) }
                })
        }

        // The summary's rows as [run, train/loss], its headers and the live status line.
        let probe = """
            (function () {
              var table = document.querySelector('table#runs');
              if (!table) { return null; }
              var text = function (cell) { return cell ? cell.textContent : null; };
              return JSON.stringify({
                status: document.getElementById('serve-status').textContent,
                headers: Array.prototype.map.call(table.tHead.rows[0].cells, text),
                rows: Array.prototype.map.call(table.tBodies[0].rows,
                                               function (r) { return [text(r.cells[0]), text(r.cells[2])]; })
              });
            })()
            """
        // The page swapped its content: the summary table is another node than the one first seen.
        let swappedOnce = """
            (function () {
              var table = document.querySelector('table#runs');
              window.__kilnFirstTable = window.__kilnFirstTable || table;
              return table !== window.__kilnFirstTable;
            })()
            """
        // The swap of the first new losses happened: the summary shows b's 0.5.
        let lossesArrived = """
            Array.prototype.some.call(document.querySelectorAll('table#runs tbody td:nth-child(3)'),
                                      function (c) { return c.textContent === '0.5'; })
            """
        let order =
            "Array.prototype.map.call(document.querySelectorAll('table#runs tbody td:first-child'), "
            + "function (c) { return c.textContent; }).join(',')"
        let watcher = try ChildProcess.spawn(
            [
                "/usr/bin/python3", Self.fixtures + "/watch_page.py", "--chromium", chromium,
                "--url", "http://127.0.0.1:\(server.port)/sweeps/\(sample.sweepID)", "--probe", probe,
                "--ready", folder + "/ready", "--ready-when", swappedOnce,
                "--click", lossesArrived, "table#runs thead th:nth-child(3)",
                "--until", order + " === 'c,b,a'", "--seconds", "60",
            ], stdout: folder + "/out", stderr: folder + "/err")
        var status: Int32?
        var output: String { (try? String(contentsOfFile: folder + "/out", encoding: .utf8)) ?? "" }
        // Until the page has swapped once (so it follows the sweep), touch the runs: each touch notifies.
        try waitUntil("the page follows the sweep", seconds: 60) {
            status = ChildProcess.status(ifExited: watcher)
            if status != nil || FileManager.default.fileExists(atPath: folder + "/ready") { return true }
            try connection.execute("UPDATE runs SET priority = priority WHERE sweep_id = $1", [sample.sweepID])
            return false
        }
        // Losses ascending b, c, a; once the loss header is clicked, c's drops to 0.1: ascending c, b, a.
        if status == nil { try ingest(step: 50, losses: [1.75, 0.5, 1.25]) }
        waitUntil("the loss header is clicked", seconds: 60) {
            status = status ?? ChildProcess.status(ifExited: watcher)
            return status != nil || output.contains(#"{"clicked""#)
        }
        if status == nil { try ingest(step: 60, losses: [nil, nil, 0.1]) }
        waitUntil("the watcher exits", seconds: 90) {
            status = status ?? ChildProcess.status(ifExited: watcher)
            return status != nil
        }
        if status == nil {
            kill(watcher, SIGKILL)
            _ = ChildProcess.wait(watcher)
        }
        let errors = (try? String(contentsOfFile: folder + "/err", encoding: .utf8)) ?? ""
        #expect(status == 0, "the table did not stay sorted through the swap:\n\(output)\n\(errors)")
        // Before the click the swapped-in rows were in the server's order: only the click sorted them.
        let parts = output.components(separatedBy: #"{"clicked""#)
        #expect(parts.count == 2, "no click: \(output)")
        #expect(parts[0].contains(#"[[\"a\",\"1.75\"],[\"b\",\"0.5\"],[\"c\",\"1.25\"]]"#), "\(output)")
        #expect(parts.last?.contains(#"[[\"b\",\"0.5\"],[\"c\",\"1.25\"],[\"a\",\"1.75\"]]"#) == true, "\(output)")
        #expect(!output.contains(#""same_page": false"#), "the page reloaded: \(output)")
        // The status line is swapped too: the live script writes to the one in the page, not a detached one.
        #expect(output.contains("updated"), "the status line never said the page was updated: \(output)")
        #expect(server.stop() == 0)
    }
}
