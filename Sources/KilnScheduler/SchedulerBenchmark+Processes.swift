import Foundation
import KilnPostgres
import KilnProcess
import KilnStore

/// `kiln bench scheduler --processes`: the queue worked by separate `kiln worker` processes, as on a
/// cluster, optionally over TCP with TLS and the password to a cluster served by `kiln db serve`'s code.
extension SchedulerBenchmark {
    /// Starts `count` `kiln worker --sweep SWEEP` processes connected to `url`, in `project` (each
    /// one's output in `worker-N.log` there), and waits until every one has exited. Throws naming
    /// the workers that failed, with the end of their output.
    static func workWithProcesses(count: Int, kiln: String, url: String, sweep: String, project: String) throws {
        let argv = [kiln, "worker", "--sweep", sweep]
        var started: [(log: String, process: LaunchedProcess)] = []
        var startError: LaunchError?
        for index in 0..<count {
            let log = "\(project)/worker-\(index).log"
            let launch = ProcessLaunch(
                argv, environment: ["KILN_DATABASE_URL": url], directory: project, stdin: .null, stdout: .file(log),
                stderr: .stdout)
            do {
                started.append((log, try launch.start()))
            } catch {
                startError = error
                break
            }
        }
        // Every started worker is reaped, even after a failed start: they finish the sweep and exit.
        var failures: [String] = []
        for (index, worker) in started.enumerated() {
            let termination = worker.process.wait()
            guard termination != .exited(0) else { continue }
            let output = (try? String(contentsOfFile: worker.log, encoding: .utf8)) ?? "(its output is unreadable)"
            let tail = output.split(separator: "\n").suffix(5).joined(separator: "\n  ")
            failures.append("worker process \(index) ended with \(termination):\n  \(tail)")
        }
        if let startError { throw SchedulerError.cannotStart(argv: argv, reason: startError.reason) }
        if !failures.isEmpty {
            throw SchedulerError.io(path: sweep, reason: failures.joined(separator: "\n"))
        }
    }

    /// Claims past the first of any run of the sweep (its attempts beyond one per run), and how many
    /// worker processes (`host/pid` of `attempts.worker`) claimed a run.
    static func claims(sweepID: Int64, connection: Connection) throws -> (duplicated: Int, processes: Int) {
        let rows = try connection.query(
            """
            SELECT coalesce(sum(c.n - 1), 0)::int8,
                (SELECT count(DISTINCT split_part(a.worker, '/', 1) || '/' || split_part(a.worker, '/', 2))
                 FROM attempts a JOIN runs r ON r.id = a.run_id WHERE r.sweep_id = $1)
            FROM (SELECT count(*) AS n FROM attempts a JOIN runs r ON r.id = a.run_id WHERE r.sweep_id = $1
                  GROUP BY a.run_id) c
            """, [sweepID])
        return (try rows[0].decode(Int.self, at: 0), try rows[0].decode(Int.self, at: 1))
    }

    /// Calls `body` with the URL of a new, temporary cluster that `kiln db serve`'s code shares on a
    /// free port of 127.0.0.1 (TCP, TLS, the password, 127.0.0.1/32 only), migrated; stops and deletes
    /// the cluster afterwards.
    package static func withServedCluster<T>(_ body: (String) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("kiln-bench-server-\(UUID().uuidString.prefix(8).lowercased())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let cluster = try LocalCluster(stateDirectory: folder + "/.kiln/postgres")
        defer {
            do {
                try cluster.stop()
            } catch {
                FileHandle.standardError.write(
                    Data("kiln: cannot stop the benchmark's cluster in \(folder): \(error)\n".utf8))
            }
            for path in Set([folder, cluster.clusterDirectory, cluster.socketDirectory]) {
                try? FileManager.default.removeItem(atPath: path)  // a temporary folder; nothing to keep
            }
        }
        let sharing = try LocalCluster.Sharing(
            listen: "127.0.0.1:\(try LocalCluster.Sharing.freeLoopbackPort())", allowed: ["127.0.0.1/32"])
        let url = try cluster.serve(sharing)
        _ = try Migrator.migrate(try Connection(url: url, applicationName: "kiln bench"))
        return try body(url)
    }
}
