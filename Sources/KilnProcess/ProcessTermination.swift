#if canImport(Glibc)
    import Glibc
#endif

/// How a child process ended.
package enum ProcessTermination: Equatable, Sendable, CustomStringConvertible {
    /// It exited with this code.
    case exited(Int32)
    /// A signal with this number killed it.
    case signalled(Int32)

    /// Blocks until child `pid` exits, and reaps it.
    package init(waitingFor pid: pid_t) {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        self.init(waitStatus: status)
    }

    /// Reaps child `pid` if it has exited; nil while it runs.
    package init?(ifExited pid: pid_t) {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        self.init(waitStatus: status)
    }

    /// Decodes a status from `waitpid`.
    private init(waitStatus status: Int32) {
        let signal = status & 0x7f
        self = signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    /// The status a shell reports: the exit code, or 128 + the signal.
    package var status: Int32 {
        switch self {
        case .exited(let code): return code
        case .signalled(let signal): return 128 + signal
        }
    }

    /// `exit N` or `signal N`, as a run's failure reads.
    package var description: String {
        switch self {
        case .exited(let code): return "exit \(code)"
        case .signalled(let signal): return "signal \(signal)" + (signal == SIGSEGV ? " (segmentation fault)" : "")
        }
    }
}
