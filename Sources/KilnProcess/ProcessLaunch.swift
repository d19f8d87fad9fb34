import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How to start a program with `posix_spawn`: from an argv array (never through a shell), with
/// extra environment variables, a working directory, optionally as the leader of a new process
/// group, with stdin inherited or from `/dev/null`, and stdout and stderr inherited, in a file or on a pipe.
///
/// Every child keeps only descriptors 0, 1 and 2 (`closefrom(3)`), whatever other threads opened
/// without close-on-exec, and starts with SIGPIPE, SIGINT and SIGTERM at their defaults and no
/// signal blocked, whatever Kiln set for itself.
package struct ProcessLaunch: Sendable {
    /// Where a child's stdin comes from.
    package enum Input: Sendable {
        /// This process's stdin.
        case inherit
        /// `/dev/null`.
        case null
    }

    /// Where a child's stdout or stderr goes.
    package enum Output: Equatable, Sendable {
        /// This process's own stream.
        case inherit
        /// A new pipe; `LaunchedProcess` holds its read end.
        case pipe
        /// A file at this path, created or truncated, private to the user (mode 600).
        case file(String)
        /// Wherever the child's stdout goes (for stderr: both streams in one place).
        case stdout
    }

    /// The program and its arguments; a program without a `/` is looked up in `$PATH`.
    package var argv: [String]
    /// Variables set for the child on top of this process's environment.
    package var environment: [String: String]
    /// The child's working directory; `nil` keeps this process's.
    package var directory: String?
    /// Whether the child leads a new process group (its group id is its pid), so that
    /// `kill(-pid, signal)` reaches everything it starts.
    package var newProcessGroup: Bool
    /// Where the child's stdin comes from.
    package var stdin: Input
    /// Where the child's stdout goes (not `.stdout`).
    package var stdout: Output
    /// Where the child's stderr goes.
    package var stderr: Output

    /// A launch of `argv` with every stream inherited, in this process's directory and process group,
    /// unless told otherwise.
    package init(
        _ argv: [String], environment: [String: String] = [:], directory: String? = nil,
        newProcessGroup: Bool = false, stdin: Input = .inherit, stdout: Output = .inherit, stderr: Output = .inherit
    ) {
        self.argv = argv
        self.environment = environment
        self.directory = directory
        self.newProcessGroup = newProcessGroup
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Starts the program; the caller reaps it (`LaunchedProcess.wait()`) and closes the pipes' read ends.
    package func start() throws(LaunchError) -> LaunchedProcess {
        precondition(stdout != .stdout, "stdout cannot be sent to itself")
        guard let program = argv.first else { throw LaunchError(argv: argv, reason: "empty command") }
        // Close-on-exec from the start, so no other child inherits these pipes: a trainer orphaned
        // by a killed worker must see its stdout close (EPIPE), not write into a pipe a sibling keeps open.
        let outPipe = stdout == .pipe ? closeOnExecPipe() : nil
        let errPipe = stderr == .pipe ? closeOnExecPipe() : nil
        let pipes = [outPipe, errPipe].compactMap { $0 }
        func closePipes(readEnds: Bool) {
            for pipe in pipes {
                close(pipe.write)
                if readEnds { close(pipe.read) }
            }
        }
        if (stdout == .pipe && outPipe == nil) || (stderr == .pipe && errPipe == nil) {
            let reason = String(cString: strerror(errno))
            closePipes(readEnds: true)
            throw LaunchError(argv: argv, reason: reason)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if stdin == .null { posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0) }
        Self.redirect(&actions, 1, to: stdout, pipe: outPipe)
        Self.redirect(&actions, 2, to: stderr, pipe: errPipe)
        addCloseFrom(&actions, 3)
        if let directory, addChdir(&actions, directory) != 0 {
            closePipes(readEnds: true)
            throw LaunchError(argv: argv, reason: "cannot change to \(directory)")
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
        if newProcessGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        posix_spawnattr_setsigmask(&attributes, &noneBlocked)
        posix_spawnattr_setflags(&attributes, Int16(flags))

        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { $1 }
        var pid: pid_t = 0
        let status = withCStringArray(argv) { arguments in
            withCStringArray(merged.map { "\($0.key)=\($0.value)" }) { variables in
                program.contains("/")
                    ? posix_spawn(&pid, program, &actions, &attributes, arguments, variables)
                    : posix_spawnp(&pid, program, &actions, &attributes, arguments, variables)
            }
        }
        closePipes(readEnds: status != 0)
        guard status == 0 else { throw LaunchError(argv: argv, reason: Self.reason(status, directory: directory)) }
        return LaunchedProcess(pid: pid, stdout: outPipe?.read, stderr: errPipe?.read)
    }

    /// Adds the file action that sends descriptor `fd` (1 or 2) to `output`.
    private static func redirect(
        _ actions: inout posix_spawn_file_actions_t, _ fd: Int32, to output: Output, pipe: (read: Int32, write: Int32)?
    ) {
        switch output {
        case .inherit: break
        case .pipe: posix_spawn_file_actions_adddup2(&actions, pipe!.write, fd)
        case .file(let path): posix_spawn_file_actions_addopen(&actions, fd, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        case .stdout: posix_spawn_file_actions_adddup2(&actions, 1, fd)
        }
    }

    /// Why `posix_spawn` failed with `code`, naming the working directory when it is the cause.
    private static func reason(_ code: Int32, directory: String?) -> String {
        if let directory, access(directory, X_OK) != 0 {
            return "cannot change to \(directory): \(String(cString: strerror(errno)))"
        }
        return String(cString: strerror(code))
    }
}

/// What `ProcessLaunch.start()` started: the child's pid and the read ends of its pipes.
package struct LaunchedProcess: Sendable {
    /// The child's process id (and, with `newProcessGroup`, its process group's).
    package let pid: pid_t
    /// Read end of the child's stdout when it goes to `.pipe` (close-on-exec; the caller closes it).
    package let stdout: Int32?
    /// Read end of the child's stderr when it goes to `.pipe` (close-on-exec; the caller closes it).
    package let stderr: Int32?

    /// Blocks until the child exits, and reaps it.
    package func wait() -> ProcessTermination { ProcessTermination(waitingFor: pid) }
}

/// A new pipe with both ends close-on-exec; nil, with `errno` set, when it cannot be made.
package func closeOnExecPipe() -> (read: Int32, write: Int32)? {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { return nil }
    for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return (ends[0], ends[1])
}

/// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+), which Swift's Glibc module does not export.
private func addChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: String) -> Int32 {
    typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else { return ENOSYS }
    return unsafeBitCast(symbol, to: AddChdir.self)(actions, path)
}

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module does not
/// export: the child closes every descriptor from `fd` on. Without it (an older glibc) the child
/// still loses Kiln's own pipes, which are close-on-exec.
private func addCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ fd: Int32) {
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return }
    _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(actions, fd)
}

/// Calls `body` with a NULL-terminated C array of `strings`, valid for the call.
private func withCStringArray<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    let owned = strings.map { strdup($0) } + [nil]
    defer { owned.forEach { free($0) } }
    return body(owned)
}
