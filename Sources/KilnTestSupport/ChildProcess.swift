import Foundation
import KilnProcess

/// Runs programs from argv arrays for end-to-end tests.
package enum ChildProcess {
    /// What a finished process left behind.
    package struct Result: Sendable {
        package var status: Int32
        package var stdout: String
        package var stderr: String
    }

    /// The folder holding the built `kiln` and `kiln-train`: `$KILN_BIN_DIR`, else the test binary's folder.
    package static var binDirectory: String {
        if let dir = ProcessInfo.processInfo.environment["KILN_BIN_DIR"], !dir.isEmpty { return dir }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while !FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("kiln").path), url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url.path
    }

    /// The built `kiln` executable.
    package static var kiln: String { binDirectory + "/kiln" }

    /// Starts `argv` in `directory` with extra `environment` and stdin from `/dev/null`; returns its
    /// pid. Output goes to files (created private, or truncated).
    package static func spawn(
        _ argv: [String], in directory: String? = nil, environment: [String: String] = [:],
        stdout: String = "/dev/null", stderr: String = "/dev/null"
    ) throws -> pid_t {
        try ProcessLaunch(
            argv, environment: environment, directory: directory, stdin: .null, stdout: .file(stdout),
            stderr: .file(stderr)
        ).start().pid
    }

    /// Waits for `pid`; returns its exit status (128 + signal when killed).
    package static func wait(_ pid: pid_t) -> Int32 {
        ProcessTermination(waitingFor: pid).status
    }

    /// `pid`'s exit status (as `wait`) if it has exited, reaping it; nil while it runs.
    package static func status(ifExited pid: pid_t) -> Int32? {
        ProcessTermination(ifExited: pid)?.status
    }

    /// Runs `argv` to completion and returns its status and output.
    package static func run(_ argv: [String], in directory: String? = nil, environment: [String: String] = [:]) throws
        -> Result
    {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-child-\(UUID().uuidString)").path
        defer {
            unlink(base + ".out")
            unlink(base + ".err")
        }
        let pid = try spawn(argv, in: directory, environment: environment, stdout: base + ".out", stderr: base + ".err")
        let status = wait(pid)
        return Result(
            status: status, stdout: (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? "")
    }

    /// A new empty temporary directory.
    package static func temporaryDirectory(_ prefix: String = "kiln") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(prefix)-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
