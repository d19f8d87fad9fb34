import Foundation

/// Creating the folders Kiln keeps run files in: private to the user (mode 0700), with errors that
/// name the path at fault in the user's terms rather than a Foundation error code.
enum PrivateFolder {
    /// Creates `path` and its missing parents with mode 0700 (like `mkdir -p`); an existing folder is fine.
    static func create(_ path: String) throws(SchedulerError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o700) == 0 { continue }
            let code = errno
            var info = stat()
            if code == EEXIST, stat(prefix, &info) == 0 {
                if info.st_mode & S_IFMT == S_IFDIR { continue }
                throw .io(path: prefix, reason: "is a file, not a folder; cannot create \(path)")
            }
            throw .io(path: prefix, reason: "cannot create folder: \(String(cString: strerror(code)))")
        }
    }

    /// The reason of a file-system error in plain words: the POSIX error beneath a Foundation error
    /// (`Permission denied`, `No space left on device`), else its description.
    static func reason(_ error: any Error) -> String {
        var current = error as NSError
        while true {
            if current.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(current.code))) }
            guard let underlying = current.userInfo[NSUnderlyingErrorKey] as? NSError else { break }
            current = underlying
        }
        return current.localizedDescription
    }
}
