import Foundation
import KilnPostgres
import KilnStore
import KilnTestSupport
import Testing

@Suite(.tags(.postgres, .subprocess, .slow))
struct LocalClusterTests {
    @Test func dbStartTwiceIsHarmlessAndStopStopsOnlyKilnsOwnCluster() throws {
        let projectA = try ChildProcess.temporaryDirectory("kiln-a"),
            projectB = try ChildProcess.temporaryDirectory("kiln-b")
        defer {
            _ = try? ChildProcess.run([ChildProcess.kiln, "db", "stop"], in: projectA)
            _ = try? ChildProcess.run([ChildProcess.kiln, "db", "stop"], in: projectB)
            try? FileManager.default.removeItem(atPath: projectA)
            try? FileManager.default.removeItem(atPath: projectB)
        }
        let environment = ["KILN_DATABASE_URL": ""]
        let first = try ChildProcess.run([ChildProcess.kiln, "db", "start"], in: projectA, environment: environment)
        #expect(first.status == 0, "\(first.stderr)")
        let again = try ChildProcess.run([ChildProcess.kiln, "db", "start"], in: projectA, environment: environment)
        #expect(again.status == 0)
        #expect(again.stdout.contains("already running"))
        #expect(
            try ChildProcess.run([ChildProcess.kiln, "db", "start"], in: projectB, environment: environment).status == 0
        )

        let url = try ChildProcess.run([ChildProcess.kiln, "db", "url"], in: projectA).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let tables = try Connection(url: url).query("SELECT count(*) FROM pg_tables WHERE tablename = 'runs'")
        #expect(try tables[0].decode(Int.self, at: 0) == 1)

        #expect(try ChildProcess.run([ChildProcess.kiln, "db", "stop"], in: projectA).status == 0)
        #expect(try ChildProcess.run([ChildProcess.kiln, "db", "status"], in: projectA).status == 3)
        #expect(try LocalCluster.forProject(at: projectB).isRunning)
        #expect(try TestCluster.shared.cluster.isRunning)
    }

    @Test func kilnRunStartsAProjectWhereThereIsNoneAndLaterCommandsFindIt() throws {
        let project = try ChildProcess.temporaryDirectory("kiln-new")
        let environment = ["KILN_DATABASE_URL": ""]
        defer {
            _ = try? ChildProcess.run([ChildProcess.kiln, "db", "stop"], in: project, environment: environment)
            try? FileManager.default.removeItem(atPath: project)
        }
        try "name: fresh\ntrainer: {command: [/bin/true]}\ngrid: {x: [1, 2]}\n"
            .write(toFile: project + "/fresh.yaml", atomically: true, encoding: .utf8)
        let run = try ChildProcess.run(
            [ChildProcess.kiln, "run", "fresh.yaml", "--detach"], in: project, environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: project + "/.kiln/postgres/pgpass"))
        let runs = try ChildProcess.run([ChildProcess.kiln, "runs", "fresh"], in: project, environment: environment)
        #expect(runs.status == 0, "\(runs.stderr)")
        #expect(runs.stdout.contains("pending"), "\(runs.stdout)")
    }

    @Test func statusSaysWhereTheClusterLivesAndNothingListensOnTCP() throws {
        let project = try ChildProcess.temporaryDirectory("kiln-s")
        defer {
            _ = try? ChildProcess.run([ChildProcess.kiln, "db", "stop"], in: project)
            try? FileManager.default.removeItem(atPath: project)
        }
        #expect(try ChildProcess.run([ChildProcess.kiln, "db", "start"], in: project).status == 0)
        let status = try ChildProcess.run([ChildProcess.kiln, "db", "status"], in: project)
        #expect(status.status == 0)
        #expect(status.stdout.contains("state:    running"))
        #expect(status.stdout.contains(project + "/.kiln/postgres"))
        let cluster = try LocalCluster.forProject(at: project)
        let listen = try Connection(url: cluster.url).query("SHOW listen_addresses")
        #expect(listen[0][0] == "")
    }

    @Test func socketsOfDeepProjectPathsMoveToAShortPath() throws {
        let deep = "/tmp/" + String(repeating: "d", count: 60) + "/" + String(repeating: "e", count: 60)
        let cluster = try LocalCluster(stateDirectory: deep + "/.kiln/postgres")
        #expect(cluster.socketDirectory.hasPrefix("/tmp/kiln-"))
        #expect((cluster.socketDirectory + "/.s.PGSQL.5432").utf8.count <= 107)
    }

    @Test(.enabled(if: geteuid() == 0, "only root runs the cluster as another user"))
    func rootPlacesClustersOutsideFoldersTheClusterUserCannotEnter() throws {
        let closed = try ChildProcess.temporaryDirectory("kiln-closed")
        defer { try? FileManager.default.removeItem(atPath: closed) }
        chmod(closed, 0o700)
        let cluster = try LocalCluster(stateDirectory: closed + "/project/.kiln/postgres")
        #expect(cluster.clusterDirectory.hasPrefix("/var/lib/kiln/clusters/"))
    }
}
