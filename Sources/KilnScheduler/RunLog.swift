import Foundation
import KilnProtocol
import Logging
import Synchronization

/// A run's log file (stdout and stderr of every attempt, appended) and the last lines written.
/// The stdout and stderr readers append from two threads; the file write is inside the lock so the
/// file and the tail keep the same order of lines (a local append, not a round trip). A file that
/// cannot be opened or written is reported once through `logger`; the tail is still kept.
final class RunLog: Sendable {
    /// Lines kept for `tail`.
    static let tailLines = 40
    let path: String
    private let logger: Logger
    private struct State {
        let handle: FileHandle?
        var lines: [String] = []
        var writeFailed = false
    }
    private let state: Mutex<State>

    /// Opens (or creates, readable by its owner only) `path` for appending.
    init(path: String, logger: Logger) {
        self.path = path
        self.logger = logger
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let handle = FileHandle(forWritingAtPath: path)
        if handle == nil {
            logger.error(
                "cannot open the run's log; its lines are kept only in the stored tail",
                metadata: ["operation": "log", "path": "\(path)", "reason": "\(String(cString: strerror(errno)))"])
        }
        state = Mutex(State(handle: handle, writeFailed: handle == nil))
        do {
            try handle?.seekToEnd()
        } catch {
            reportWriteFailure(error)
        }
    }

    deinit {
        state.withLock { try? $0.handle?.close() }
    }

    /// Appends complete lines (without newlines) to the file and the tail.
    func append(lines newLines: [String]) {
        guard !newLines.isEmpty else { return }
        let text = newLines.joined(separator: "\n") + "\n"
        let failure = state.withLock { state -> (any Error)? in
            state.lines.append(contentsOf: newLines)
            if state.lines.count > Self.tailLines * 2 { state.lines.removeFirst(state.lines.count - Self.tailLines) }
            do {
                try state.handle?.write(contentsOf: Data(text.utf8))
                return nil
            } catch {
                defer { state.writeFailed = true }
                return state.writeFailed ? nil : error
            }
        }
        if let failure { reportWriteFailure(failure) }
    }

    /// Logs the first failed write of this log (later ones would say the same).
    private func reportWriteFailure(_ error: any Error) {
        logger.error(
            "cannot write the run's log; its lines are kept only in the stored tail",
            metadata: ["operation": "log", "path": "\(path)", "reason": "\(fileSystemReason(of: error))"])
    }

    /// A note from Kiln itself, marked so it stands out from the trainer's output.
    func note(_ message: String) {
        append(lines: ["[kiln] " + message])
    }

    /// The last lines written, joined by newlines (NUL bytes, which PostgreSQL text cannot hold,
    /// shown as U+FFFD); nil when nothing was written.
    var tail: String? {
        let lines = state.withLock { $0.lines.suffix(Self.tailLines) }
        guard !lines.isEmpty else { return nil }
        return lines.joined(separator: "\n").replacingOccurrences(of: "\u{0}", with: "\u{FFFD}")
    }
}

/// Reads a file descriptor line by line until end of file, or, once `stop` is readable (the
/// trainer exited, see `TrainerProcess.exited`), until what is already in the pipe has been read:
/// a process the trainer left behind that keeps the pipe open cannot hold the reader.
struct LineReader {
    let fd: Int32
    let stop: Int32?
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 65_536)
    /// Bytes still to read after `stop`; nil before. More than any pipe holds, so everything the trainer
    /// wrote before it exited is read, and no more than that from a process it left behind.
    private var drainBudget: Int?

    init(fd: Int32, stop: Int32? = nil) {
        self.fd = fd
        self.stop = stop
    }

    /// The next batch of complete lines (the last line may lack its newline at the end); nil at the end.
    mutating func next() -> [String]? {
        while true {
            let count = readChunk()
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return [String(decoding: buffer, as: UTF8.self)]
            }
            buffer.append(contentsOf: chunk[0..<count])
            guard let last = buffer.lastIndex(of: UInt8(ascii: "\n")) else { continue }
            let lines = buffer[..<last].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
            buffer.removeSubrange(...last)
            return lines
        }
    }

    /// Reads what is available: blocks until data, the end, or `stop`; after `stop`, reads without
    /// blocking within the drain budget. Returns 0 at the end (or when the drain is done).
    private mutating func readChunk() -> Int {
        if let stop, drainBudget == nil {
            var fds = [
                pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                pollfd(fd: stop, events: Int16(POLLIN), revents: 0),
            ]
            if poll(&fds, 2, -1) < 0 { return -1 }
            if fds[1].revents != 0 {
                drainBudget = 4 << 20
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            }
        }
        let limit = min(chunk.count, drainBudget ?? chunk.count)
        guard limit > 0 else { return 0 }
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, limit) }
        if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return 0 }
        if count > 0, let budget = drainBudget { drainBudget = budget - count }
        return count
    }
}
