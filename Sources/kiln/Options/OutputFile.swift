import Foundation
import KilnProtocol
import KilnStore

/// Files a command writes for the user (reports, CSV): a failure names the file and the operating
/// system's reason, `cannot write PATH: REASON`.
enum OutputFile {
    /// Writes `text` to `path`, replacing the file atomically.
    static func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw StoreError.cannotWrite(path, reason: fileSystemReason(of: error))
        }
    }

    /// Creates or truncates `path` and passes `body` a handle to write it.
    static func writing(_ path: String, _ body: (FileHandle) throws -> Void) throws {
        // Mode 666 less the umask, like any file the user saves.
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw StoreError.cannotWrite(path, reason: String(cString: strerror(errno))) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        defer { close(descriptor) }
        do {
            try body(handle)
        } catch let error as NSError where [NSCocoaErrorDomain, NSPOSIXErrorDomain].contains(error.domain) {
            throw StoreError.cannotWrite(path, reason: fileSystemReason(of: error))
        }
    }
}
