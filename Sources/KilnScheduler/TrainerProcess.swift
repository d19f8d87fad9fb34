import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A trainer subprocess started with `posix_spawn` from an argv array, in its own process group
/// (so a timeout or cancel stops everything it started), with stdout and stderr on pipes.
/// A thread waits for it to exit; then it kills what remains of its process group (children the
/// trainer left behind) and makes `exited` readable, so readers stop even when a process out of the
/// group's reach (started with `setsid`) keeps the pipes open; `wait()` kills those too.
final class TrainerProcess: Sendable {
    /// How a trainer process ended.
    enum Termination: Equatable, Sendable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        var description: String {
            switch self {
            case .exited(let code): return "exit \(code)"
            case .signalled(let signal): return "signal \(signal)" + (signal == SIGSEGV ? " (segmentation fault)" : "")
            }
        }
    }

    let pid: pid_t
    /// Read end of the child's stdout.
    let stdout: Int32
    /// Read end of the child's stderr.
    let stderr: Int32
    /// Becomes readable (end of file) once the trainer has exited; see `LineReader`.
    let exited: Int32
    private let termination = Mutex<Termination?>(nil)

    /// Starts `argv` in `directory` with `environment` added to this process's.
    init(argv: [String], directory: String, environment: [String: String]) throws(SchedulerError) {
        guard let program = argv.first else { throw .cannotStart(argv: argv, reason: "empty command") }
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0], exitPipe: [Int32] = [0, 0]
        // Close-on-exec, so no other trainer inherits these pipes: a trainer orphaned by a killed
        // worker must see its stdout close (EPIPE) instead of writing into a pipe a sibling keeps open.
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0, pipe(&exitPipe) == 0 else {
            let reason = String(cString: strerror(errno))
            for fd in outPipe + errPipe + exitPipe where fd > 0 { close(fd) }
            throw .cannotStart(argv: argv, reason: reason)
        }
        for fd in outPipe + errPipe + exitPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        closeFrom(&actions, 3)
        guard addChdir(&actions, directory) == 0 else {
            for fd in outPipe + errPipe + exitPipe { close(fd) }
            throw .cannotStart(argv: argv, reason: "cannot change to \(directory)")
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        posix_spawnattr_setsigmask(&attributes, &noneBlocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { $1 }
        let envStrings = merged.map { "\($0.key)=\($0.value)" }
        var child: pid_t = 0
        let status = withCStringArray(argv) { args in
            withCStringArray(envStrings) { env in
                program.contains("/")
                    ? posix_spawn(&child, program, &actions, &attributes, args, env)
                    : posix_spawnp(&child, program, &actions, &attributes, args, env)
            }
        }
        close(outPipe[1])
        close(errPipe[1])
        guard status == 0 else {
            for fd in [outPipe[0], errPipe[0]] + exitPipe { close(fd) }
            throw .cannotStart(argv: argv, reason: String(cString: strerror(status)))
        }
        pid = child
        stdout = outPipe[0]
        stderr = errPipe[0]
        exited = exitPipe[0]
        let exitWrite = exitPipe[1]
        let thread = Thread { [self, child] in
            var status: Int32 = 0
            while waitpid(child, &status, 0) == -1 && errno == EINTR {}
            // The trainer is gone: nothing of its group may outlive it (a `sleep 40 &` holding stdout).
            kill(-child, SIGKILL)
            let signal = status & 0x7f
            termination.withLock { $0 = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal) }
            close(exitWrite)
        }
        thread.name = "kiln trainer \(child)"
        thread.start()
    }

    /// Sends `signal` to the trainer's whole process group.
    func signalGroup(_ signal: Int32) {
        kill(-pid, signal)
    }

    /// Blocks until the trainer has exited (and what remained of its group was killed); closes the
    /// pipes. Call once, after the readers of `stdout` and `stderr` have finished.
    func wait() -> Termination {
        var fds = [pollfd(fd: exited, events: Int16(POLLIN), revents: 0)]
        var ended = termination.withLock { $0 }
        while ended == nil {
            _ = poll(&fds, 1, -1)  // returns once `exited` is readable, or early on a signal
            ended = termination.withLock { $0 }
        }
        killPipeHolders()
        close(stdout)
        close(stderr)
        close(exited)
        return ended!
    }

    /// SIGKILLs every process that still holds the trainer's stdout or stderr after it exited: what
    /// escaped its process group (`setsid`). They are found by their open files in `/proc/<pid>/fd`;
    /// when every write end is closed already (the common case) nothing is scanned.
    private func killPipeHolders() {
        var pipes: Set<String> = []
        for fd in [stdout, stderr] {
            var ready = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
            var info = stat()
            // POLLHUP: no write end is open any more.
            guard poll(&ready, 1, 0) >= 0, ready[0].revents & Int16(POLLHUP) == 0, fstat(fd, &info) == 0 else { continue }
            pipes.insert("pipe:[\(info.st_ino)]")
        }
        guard !pipes.isEmpty, let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return }
        let files = FileManager.default
        for entry in entries {
            // Kiln itself holds the read ends; processes that ended meanwhile have no fd folder.
            guard let holder = pid_t(entry), holder != getpid(),
                  let fds = try? files.contentsOfDirectory(atPath: "/proc/\(entry)/fd") else { continue }
            let holds = fds.contains { fd in
                guard let target = try? files.destinationOfSymbolicLink(atPath: "/proc/\(entry)/fd/\(fd)"),
                      pipes.contains(target) else { return false }
                return Self.opensForWriting(pid: entry, fd: fd)
            }
            if holds { kill(holder, SIGKILL) }
        }
    }

    /// Whether descriptor `fd` of process `pid` is open for writing (from the `flags:` line, in
    /// octal, of `/proc/<pid>/fdinfo/<fd>`). A process that holds a read end does not keep the
    /// pipe open: a worker's child between fork and exec has copies of every read end for a moment.
    private static func opensForWriting(pid: String, fd: String) -> Bool {
        guard let info = try? String(contentsOfFile: "/proc/\(pid)/fdinfo/\(fd)", encoding: .utf8),
              let line = info.split(separator: "\n").first(where: { $0.hasPrefix("flags:") }),
              let flags = Int32(line.dropFirst("flags:".count).trimmingCharacters(in: .whitespaces), radix: 8)
        else { return false }
        return flags & O_ACCMODE != O_RDONLY
    }
}

/// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+), which Swift's Glibc module does not export.
private func addChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: String) -> Int32 {
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else { return ENOSYS }
    return unsafeBitCast(symbol, to: AddChdir.self)(actions, path)
}

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+): the child keeps only stdin, stdout
/// and stderr, whatever descriptors other threads opened without close-on-exec.
private func closeFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ fd: Int32) {
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
