import Foundation

/// The operating system's reason for a failed file operation, in its words (`No such file or
/// directory`), taken from a POSIX error or from the POSIX error under a Foundation one; Foundation's
/// own sentence only when there is none.
package func fileSystemReason(of error: any Error) -> String {
    if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
    let error = error as NSError
    if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
    // On Linux the underlying error may be a Swift error (POSIXError) rather than an NSError.
    if let underlying = error.userInfo[NSUnderlyingErrorKey] as? any Error {
        let nested = underlying as NSError
        if underlying is POSIXError || nested.domain == NSPOSIXErrorDomain { return fileSystemReason(of: underlying) }
    }
    switch CocoaError.Code(rawValue: error.code) {
    case .fileNoSuchFile, .fileReadNoSuchFile: return String(cString: strerror(ENOENT))
    case .fileReadNoPermission, .fileWriteNoPermission: return String(cString: strerror(EACCES))
    case .fileWriteOutOfSpace: return String(cString: strerror(ENOSPC))
    case .fileWriteVolumeReadOnly: return String(cString: strerror(EROFS))
    case .fileWriteFileExists: return String(cString: strerror(EEXIST))
    default: return error.localizedDescription
    }
}
