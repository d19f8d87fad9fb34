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
        let text = yaml.replacingOccurrences(of: "$FIXTURES", with: Self.fixtures).replacingOccurrences(
            of: "$MARKERS", with: markers)
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
        return Dictionary(
            uniqueKeysWithValues: try RunStore(connection: connection).runs(sweepID: sweep.id).map { ($0.name, $0) })
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

/// Whether process `pid` exists and is not a zombie (a killed process whose parent has not reaped it yet).
func isAlive(_ pid: pid_t) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let end = stat.lastIndex(of: ")"), stat.distance(from: end, to: stat.endIndex) > 2
    else { return false }
    let state = stat[stat.index(end, offsetBy: 2)]
    return state != "Z" && state != "X"
}

/// Waits up to `seconds` for child `pid` to exit; returns its status (as `ChildProcess.wait`), or nil
/// (recording an issue) when it is still running.
func waitForExit(_ pid: pid_t, seconds: Double = 60, sourceLocation: Testing.SourceLocation = #_sourceLocation)
    -> Int32?
{
    var status: Int32?
    let check = {
        status = status ?? ChildProcess.status(ifExited: pid)
        return status != nil
    }
    waitUntil("process \(pid) exits", seconds: seconds, check, sourceLocation: sourceLocation)
    return status
}

/// A worker pool running on a thread of its own.
final class BackgroundPool: Sendable {
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `pool.run()` on a new thread.
    init(_ pool: WorkerPool) {
        Thread.detachNewThread { [finished] in
            pool.run()
            finished.signal()
        }
    }

    /// Waits up to `seconds` for the pool to return; false (an issue) when it did not.
    func returns(within seconds: Double = 60, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool {
        guard finished.wait(timeout: .now() + seconds) == .success else {
            Issue.record("the worker pool did not return within \(seconds) s", sourceLocation: sourceLocation)
            return false
        }
        return true
    }
}

/// The pid a fixture trainer wrote to `<markers>/<run name>.pid`, once it is there.
func fixturePID(_ sweep: SweepFixture, run: String) -> pid_t? {
    var pid: pid_t?
    waitUntil("the fixture wrote its child's pid") {
        pid = (try? String(contentsOfFile: sweep.markers + "/\(run).pid", encoding: .utf8))
            .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return pid != nil
    }
    return pid
}
