import Foundation
import KilnTestSupport
import Testing

/// What the built `kiln` says when it cannot do what was asked: no project here, a sweep that does not
/// exist, a file it cannot write. Messages are in the user's terms, once, never a Foundation dump.
@Suite(.tags(.subprocess))
struct CLIErrorTests {
    /// No database URL, so commands look for the project's embedded cluster.
    static let noURL = ["KILN_DATABASE_URL": ""]

    @Test(arguments: [
        ["runs", "quickstart"], ["status"], ["logs", "1"], ["cancel", "quickstart"], ["report", "quickstart"],
        ["compare", "a", "b"], ["export", "quickstart"], ["fit", "scaling", "quickstart"],
        ["worker", "--sweep", "quickstart"], ["db", "url"], ["db", "migrate"],
    ])
    func commandsThatOnlyReadSayThereIsNoProjectAndCreateNothing(_ arguments: [String]) throws {
        let folder = try ChildProcess.temporaryDirectory("kiln-empty")
        defer {
            _ = try? ChildProcess.run([ChildProcess.kiln, "db", "stop"], in: folder, environment: Self.noURL)
            try? FileManager.default.removeItem(atPath: folder)
        }
        let result = try ChildProcess.run([ChildProcess.kiln] + arguments, in: folder, environment: Self.noURL)
        #expect(result.status != 0)
        #expect(result.stderr.contains("no Kiln project in \(folder)"), "\(result.stderr)")
        #expect(result.stderr.contains("--database-url"), "\(result.stderr)")
        #expect(!result.stderr.contains("Error: error:"), "\(result.stderr)")
        #expect(
            !FileManager.default.fileExists(atPath: folder + "/.kiln"),
            "kiln \(arguments.joined(separator: " ")) created .kiln")
    }

    @Test func dbStatusInAFolderWithoutAProjectSaysSoAndCreatesNothing() throws {
        let folder = try ChildProcess.temporaryDirectory("kiln-empty")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try ChildProcess.run([ChildProcess.kiln, "db", "status"], in: folder, environment: Self.noURL)
        #expect(result.status == 3)
        #expect(result.stdout.contains("no Kiln project in \(folder)"), "\(result.stdout)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/.kiln"))
    }

    @Test func versionPrintsKilnsVersion() throws {
        let result = try ChildProcess.run([ChildProcess.kiln, "--version"])
        #expect(result.status == 0, "\(result.stderr)")
        let version = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(
            version.split(separator: ".").count == 3 && version.split(separator: ".").allSatisfy { Int($0) != nil },
            "\(version)")
    }

    @Test(arguments: [["--help"], ["runs", "--help"], ["bench", "report", "--help"], ["help", "db", "start"]])
    func helpIsPrintedAsHelp(_ arguments: [String]) throws {
        let result = try ChildProcess.run([ChildProcess.kiln] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("USAGE: kiln"), "\(result.stdout)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }

    @Test func anUnknownOptionIsArgumentParsersErrorWithTheUsage() throws {
        let result = try ChildProcess.run([ChildProcess.kiln, "runs", "--frob"])
        #expect(result.status == 64)
        #expect(
            result.stderr.contains("Unknown option '--frob'") && result.stderr.contains("Usage: kiln runs"),
            "\(result.stderr)")
    }

    @Test(.tags(.postgres), .freshDatabase, arguments: [["runs"], ["status"]])
    func aDatabaseWithoutSweepsSaysSo(_ arguments: [String]) throws {
        let result = try ChildProcess.run([ChildProcess.kiln] + arguments + ["--database-url", FreshDatabase.url])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "no sweeps yet: register one with 'kiln run FILE'\n", "\(result.stdout)")
    }

    @Test(.tags(.postgres), .freshDatabase)
    func anUnknownSweepIsOneErrorNotTwo() throws {
        let result = try ChildProcess.run([ChildProcess.kiln, "report", "nosuch", "--database-url", FreshDatabase.url])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: no sweep named 'nosuch'"), "\(result.stderr)")
        #expect(!result.stderr.contains("Error:"), "\(result.stderr)")
    }

    @Test(
        .tags(.postgres), .freshDatabase,
        arguments: [
            ["export", "s", "--runs", "/nonexistent/r.csv"],
            ["export", "s", "--runs", "/tmp/kiln-ok-runs.csv", "--metrics", "/nonexistent/m.csv"],
            ["report", "s", "-o", "/nonexistent/r.html"], ["compare", "s", "s", "-o", "/nonexistent/c.html"],
        ])
    func anOutputFileThatCannotBeWrittenIsNamedWithTheReason(_ arguments: [String]) throws {
        let project = try ChildProcess.temporaryDirectory("kiln-out")
        defer {
            try? FileManager.default.removeItem(atPath: project)
            try? FileManager.default.removeItem(atPath: "/tmp/kiln-ok-runs.csv")
        }
        try "name: s\ntrainer: {command: [/bin/true]}\ngrid: {x: [1]}\n".write(
            toFile: project + "/s.yaml", atomically: true, encoding: .utf8)
        let url = ["--database-url", FreshDatabase.url]
        let register = try ChildProcess.run([ChildProcess.kiln, "run", "s.yaml", "--detach"] + url, in: project)
        #expect(register.status == 0, "\(register.stderr)")
        let path = arguments.first { $0.hasPrefix("/nonexistent/") }!
        let result = try ChildProcess.run([ChildProcess.kiln] + arguments + url, in: project)
        #expect(result.status == 1)
        #expect(result.stderr == "error: cannot write \(path): No such file or directory\n", "\(result.stderr)")
    }

    @Test func aDataFolderThatCannotBeWrittenIsNamedWithTheReason() throws {
        let folder = try ChildProcess.temporaryDirectory("kiln-data")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "".write(toFile: folder + "/file", atomically: true, encoding: .utf8)
        let result = try ChildProcess.run(
            [ChildProcess.kiln, "data", "prepare", "--data-dir", folder + "/file/data"], in: folder)
        #expect(result.status != 0)
        #expect(
            result.stderr.contains("\(folder)/file/data/prose: error: cannot write the corpus: Not a directory"),
            "\(result.stderr)")
        #expect(
            !result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("Error Domain"), "\(result.stderr)"
        )
    }
}

/// Benchmarks refuse sizes they cannot measure before touching any store.
@Suite(.tags(.subprocess))
struct BenchArgumentTests {
    @Test(arguments: [
        ["serve", "--runs", "0"], ["serve", "--points", "0"], ["serve", "--viewers=-1"], ["report", "--runs", "0"],
        ["report", "--points=-5"],
    ])
    func aSizeBelowOneIsAUsageError(_ arguments: [String]) throws {
        let folder = try ChildProcess.temporaryDirectory("kiln-bench-args")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try ChildProcess.run(
            [ChildProcess.kiln, "bench"] + arguments, in: folder, environment: CLIErrorTests.noURL)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("must be"), "\(result.stderr)")
        #expect(!result.stderr.contains("crashed"), "\(result.stderr)")
    }
}
