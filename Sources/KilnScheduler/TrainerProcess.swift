import Foundation
import KilnProcess
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A trainer subprocess started from an argv array (`ProcessLaunch`) in its own process group (so a
/// timeout or cancel stops everything it started), with stdout and stderr on close-on-exec pipes.
/// A thread waits for it to exit; then it kills what remains of its process group (children the
/// trainer left behind) and makes `exited` readable, so readers stop even when a process out of the
/// group's reach (started with `setsid`) keeps the pipes open; `wait()` kills those too.
final class TrainerProcess: Sendable {
    /// How a trainer process ended.
    typealias Termination = ProcessTermination

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
        // Close-on-exec, like the launcher's pipes: no other trainer may hold its write end open.
        guard let exitPipe = closeOnExecPipe() else {
            throw .cannotStart(argv: argv, reason: String(cString: strerror(errno)))
        }
        let child: LaunchedProcess
        do throws(LaunchError) {
            child = try ProcessLaunch(
                argv, environment: environment, directory: directory, newProcessGroup: true,
                stdout: .pipe, stderr: .pipe
            ).start()
        } catch {
            close(exitPipe.read)
            close(exitPipe.write)
            throw .cannotStart(argv: argv, reason: error.reason)
        }
        pid = child.pid
        // Both exist: `.pipe` was asked for.
        stdout = child.stdout!
        stderr = child.stderr!
        exited = exitPipe.read
        let exitWrite = exitPipe.write
        let thread = Thread { [self, child] in
            let ended = child.wait()
            // The trainer is gone: nothing of its group may outlive it (a `sleep 40 &` holding stdout).
            kill(-child.pid, SIGKILL)
            termination.withLock { $0 = ended }
            close(exitWrite)
        }
        thread.name = "kiln trainer \(child.pid)"
        thread.start()
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
            guard poll(&ready, 1, 0) >= 0, ready[0].revents & Int16(POLLHUP) == 0, fstat(fd, &info) == 0 else {
                continue
            }
            pipes.insert("pipe:[\(info.st_ino)]")
        }
        guard !pipes.isEmpty, let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else {
            return
        }
        let files = FileManager.default
        for entry in entries {
            // Kiln itself holds the read ends; processes that ended meanwhile have no fd folder.
            guard let holder = pid_t(entry), holder != getpid(),
                let fds = try? files.contentsOfDirectory(atPath: "/proc/\(entry)/fd")
            else { continue }
            let holds = fds.contains { fd in
                guard let target = try? files.destinationOfSymbolicLink(atPath: "/proc/\(entry)/fd/\(fd)"),
                    pipes.contains(target)
                else { return false }
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
