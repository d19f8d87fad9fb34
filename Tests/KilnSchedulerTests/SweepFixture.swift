import Foundation
import KilnPostgres
import KilnScheduler
import KilnSpec
import KilnStore
import KilnTestSupport
import Testing

/// A temporary project (removed with the fixture) with fixture trainers and a sweep registered in a test database.
final class SweepFixture {
    /// The fixture trainers' folder.
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures").path

    let url: String
    /// The project folder (runs go to `<project>/.kiln/runs`).
    let project: String
    /// Where `trainer.py --marker` and `noop.sh` leave one line per finished run.
    let markers: String
    let specPath: String
    let plan: SweepPlan
    let connection: Connection

    /// Writes `yaml` (with `$FIXTURES` and `$MARKERS` replaced) to the project, plans it and registers it.
    init(url: String, yaml: String, register: Bool = true) throws {
        self.url = url
        project = try ChildProcess.temporaryDirectory("kiln-sched")
        markers = project + "/markers"
        try FileManager.default.createDirectory(atPath: markers, withIntermediateDirectories: true)
        let text = yaml.replacingOccurrences(of: "$FIXTURES", with: Self.fixtures).replacingOccurrences(of: "$MARKERS", with: markers)
        specPath = project + "/sweep.yaml"
        try text.write(toFile: specPath, atomically: true, encoding: .utf8)
        plan = try SweepPlan(spec: try SweepSpec(contentsOf: specPath))
        connection = try Connection(url: url)
        if register { _ = try SweepRegistrar.register(plan, specPath: specPath, connection: connection) }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: project)
    }

    /// Scheduler settings for in-process workers: short leases and grace.
    func settings(lease: Double = 3) -> SchedulerSettings {
        var settings = SchedulerSettings(databaseURL: url, projectDirectory: project)
        settings.leaseSeconds = lease
        settings.graceSeconds = 0.5
        settings.pollSeconds = 0.2
        return settings
    }

    var sweepID: Int64 {
        get throws {
            guard let sweep = try SweepStore(connection: connection).sweep(named: plan.name) else {
                throw StoreError.notFound("sweep \(plan.name) is not registered")
            }
            return sweep.id
        }
    }

    /// The sweep's runs by plan id (none before it is registered).
    func runs() throws -> [String: RunRecord] {
        guard let sweep = try SweepStore(connection: connection).sweep(named: plan.name) else { return [:] }
        return Dictionary(uniqueKeysWithValues: try RunStore(connection: connection).runs(sweepID: sweep.id).map { ($0.name, $0) })
    }

    /// Lines each run left in its marker file (0 when none).
    func markerLines(_ run: String) -> Int {
        ((try? String(contentsOfFile: markers + "/" + run, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    /// Environment for `kiln` subprocesses.
    var environment: [String: String] {
        ["KILN_DATABASE_URL": url, "KILN_LEASE_SECONDS": "2", "KILN_KILL_GRACE_SECONDS": "0.5"]
    }
}

/// Polls `condition` until it holds or `seconds` pass; records an issue on timeout.
@discardableResult
func waitUntil(_ what: String, seconds: Double = 60, _ condition: () throws -> Bool,
               sourceLocation: Testing.SourceLocation = #_sourceLocation) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.05)
    }
    Issue.record("timed out waiting until \(what)", sourceLocation: sourceLocation)
    return false
}
