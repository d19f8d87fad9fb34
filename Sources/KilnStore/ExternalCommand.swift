import Foundation

/// Runs a program from an argv array (never through a shell) and collects its output.
struct ExternalCommand {
    var argv: [String]

    struct Output {
        var status: Int32
        var text: String
    }

    /// Runs to completion with `posix_spawn` and `waitpid`; stdout and stderr are merged into `text`.
    /// Output goes through a file, not a pipe: a daemon the command starts (the postmaster) may keep
    /// inherited descriptors open for ever.
    @discardableResult
    func run() throws -> Output {
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("kiln-command-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).log").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let arguments = argv.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, arguments, environ)
        guard spawned == 0 else {
            throw StoreError.command(argv: argv, status: -1, output: "cannot start: \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exited = status & 0x7f == 0
        return Output(status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), text: text)
    }

    /// Runs and throws `StoreError.command` with the output when the exit status is not 0.
    @discardableResult
    func check() throws -> String {
        let output = try run()
        guard output.status == 0 else {
            throw StoreError.command(argv: argv, status: output.status, output: output.text)
        }
        return output.text
    }
}
