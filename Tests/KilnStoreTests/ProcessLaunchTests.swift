import Foundation
import KilnProcess
import KilnTestSupport
import Testing

@testable import KilnStore

/// The one process launcher, through each of its users: argv verbatim, the environment, the working
/// directory, and no descriptor of Kiln's leaking into a child.
@Suite(.tags(.subprocess))
struct ProcessLaunchTests {
    /// Lists the descriptors the shell itself holds (`ls` runs in a child of it, `: ` keeps the shell
    /// from exec'ing `ls` in its place).
    static let listDescriptors = ["/bin/sh", "-c", "ls /proc/$$/fd; :"]

    /// Runs `body` while this process holds a descriptor without close-on-exec, as a library might.
    static func holdingAnInheritableDescriptor<R>(_ body: () throws -> R) throws -> R {
        let held = open("/dev/null", O_RDONLY)
        try #require(held > 2)
        defer { close(held) }
        return try body()
    }

    @Test func aTestChildKeepsNoDescriptorBeyondStandardStreams() throws {
        let result = try Self.holdingAnInheritableDescriptor { try ChildProcess.run(Self.listDescriptors) }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n") == ["0", "1", "2"])
    }

    @Test func anExternalCommandKeepsNoDescriptorBeyondStandardStreams() throws {
        let output = try Self.holdingAnInheritableDescriptor { try ExternalCommand(argv: Self.listDescriptors).check() }
        #expect(output.split(separator: "\n") == ["0", "1", "2"])
    }

    @Test func argumentsReachTheChildVerbatimWithoutAShell() throws {
        let arguments = ["two words", "it's", "\"quoted\"", "$HOME", "", "; echo injected", "*", "\\n"]
        let output = try ProcessLaunch(["/usr/bin/printf", "[%s]\n"] + arguments).output()
        #expect(output.termination == .exited(0))
        #expect(output.stdout == arguments.map { "[\($0)]\n" }.joined())
    }

    @Test func theEnvironmentIsAddedToKilnsOwn() throws {
        let text = try ProcessLaunch(["/usr/bin/env"], environment: ["KILN_LAUNCH_TEST": "a b=c'd"]).output().stdout
        let lines = Set(text.split(separator: "\n").map(String.init))
        #expect(lines.contains("KILN_LAUNCH_TEST=a b=c'd"))
        #expect(lines.contains("PATH=\(ProcessInfo.processInfo.environment["PATH"] ?? "")"))
    }

    @Test func theChildRunsInItsDirectory() throws {
        let directory = try ChildProcess.temporaryDirectory("kiln launch")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let text = try ProcessLaunch(["/bin/pwd"], directory: directory).output().stdout
        #expect(text == directory + "\n")
    }

    @Test(arguments: [true, false]) func theChildLeadsANewProcessGroupOnlyWhenAsked(_ newGroup: Bool) throws {
        let leads = ["/usr/bin/python3", "-c", "import os; print(os.getpgid(0) == os.getpid())"]
        let text = try ProcessLaunch(leads, newProcessGroup: newGroup).output().stdout
        #expect(text == (newGroup ? "True\n" : "False\n"))
    }

    @Test func aLaunchedChildKeepsNoDescriptorBeyondStandardStreams() throws {
        let text = try Self.holdingAnInheritableDescriptor {
            try ProcessLaunch(Self.listDescriptors, stdin: .null, stderr: .pipe).output().stdout
        }
        #expect(text.split(separator: "\n") == ["0", "1", "2"])
    }

    @Test func outputCollectsStdoutAloneAndHowTheProgramEnded() throws {
        let output = try ProcessLaunch(
            ["/bin/sh", "-c", "echo out; echo err >&2; exit 4"], stdin: .null, stderr: .file("/dev/null")
        ).output()
        #expect(output.termination == .exited(4))
        #expect(output.stdout == "out\n")
    }

    @Test func anExternalCommandMergesStderrIntoItsOutput() throws {
        let output = try ExternalCommand(argv: ["/bin/sh", "-c", "echo out; echo err >&2; exit 4"]).run()
        #expect(output.status == 4)
        #expect(output.text == "out\nerr\n")
    }

    @Test func aMissingProgramOrDirectoryIsNamedInTheError() {
        let missing = #expect(throws: LaunchError.self) { try ProcessLaunch(["/nonexistent/trainer", "a"]).start() }
        #expect(missing?.description == "cannot start /nonexistent/trainer a: No such file or directory")
        let elsewhere = #expect(throws: LaunchError.self) {
            try ProcessLaunch(["/bin/true"], directory: "/nonexistent").start()
        }
        #expect(
            elsewhere?.description == "cannot start /bin/true: cannot change to /nonexistent: No such file or directory"
        )
    }
}
