import Foundation

/// Runs programs from argv arrays for end-to-end tests.
public enum ChildProcess {
    /// What a finished process left behind.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The folder holding the built `kiln` and `kiln-train`: `$KILN_BIN_DIR`, else the test binary's folder.
    public static var binDirectory: String {
        if let dir = ProcessInfo.processInfo.environment["KILN_BIN_DIR"], !dir.isEmpty { return dir }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while !FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("kiln").path), url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url.path
    }

    /// The built `kiln` executable.
    public static var kiln: String { binDirectory + "/kiln" }

    /// Starts `argv` in `directory` with extra `environment`; returns its pid. Output goes to files.
    public static func spawn(
        _ argv: [String], in directory: String? = nil, environment: [String: String] = [:],
        stdout: String = "/dev/null", stderr: String = "/dev/null"
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { $1 }
        let env = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        // `env -C` changes directory without a shell (posix_spawn's addchdir is not imported into Swift).
        let command = directory.map { ["/usr/bin/env", "-C", $0] + argv } ?? argv
        let args = command.map { strdup($0) } + [nil]
        defer {
            env.forEach { free($0) }
            args.forEach { free($0) }
        }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, command[0], &actions, nil, args, env)
        guard code == 0 else { throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EINVAL) }
        return pid
    }

    /// Waits for `pid`; returns its exit status (128 + signal when killed).
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Runs `argv` to completion and returns its status and output.
    public static func run(_ argv: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> Result {
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
    public static func temporaryDirectory(_ prefix: String = "kiln") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
