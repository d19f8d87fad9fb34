import Foundation
import KilnPostgres
import KilnServe
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
}
