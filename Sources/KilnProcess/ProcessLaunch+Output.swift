#if canImport(Glibc)
    import Glibc
#endif

/// What a program run to its end wrote on stdout, and how it ended.
package struct ProcessOutput: Sendable {
    /// How the program ended.
    package var termination: ProcessTermination
    /// Everything it wrote on stdout, decoded as UTF-8 (invalid bytes replaced).
    package var stdout: String
}

extension ProcessLaunch {
    /// Runs the program to its end with stdout on a pipe (whatever `stdout` says), and returns what it
    /// wrote there and how it ended. For short commands whose children end with them: a daemon that
    /// keeps the pipe open would hold the read (`kiln`'s own `pg_ctl` calls write to a file instead).
    /// A stderr on a pipe is closed unread once the program has ended.
    package func output() throws(LaunchError) -> ProcessOutput {
        var launch = self
        launch.stdout = .pipe
        let child = try launch.start()
        var bytes: [UInt8] = []
        if let fd = child.stdout {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    bytes += buffer[..<count]
                } else if count == 0 || errno != EINTR {
                    break  // end of output, or a read error: what was read so far is the output
                }
            }
            close(fd)
        }
        let termination = child.wait()
        if let fd = child.stderr { close(fd) }
        return ProcessOutput(termination: termination, stdout: String(decoding: bytes, as: UTF8.self))
    }
}
