import Foundation
import KilnStore

/// How a failure reads on the terminal: one `error:` prefix, and the operating system's reason for a
/// file that could not be read or written instead of Foundation's error dump.
enum UserMessage {
    /// `error: …` for `error`, keeping the compiler-style place (`file:line:col: error: …`) of errors that have one.
    static func text(for error: any Error) -> String {
        if let path = (error as NSError).userInfo[NSFilePathErrorKey] as? String {
            let code = CocoaError.Code(rawValue: (error as NSError).code)
            let verb = (CocoaError.Code.fileWriteUnknown.rawValue...CocoaError.Code.fileWriteVolumeReadOnly.rawValue)
                .contains(code.rawValue) ? "write" : "read"
            return "error: cannot \(verb) \(path): \(fileSystemReason(of: error))"
        }
        let description = String(describing: error)
        let firstLine = description.prefix { $0 != "\n" }
        return firstLine.hasPrefix("error: ") || firstLine.contains(": error: ") ? description : "error: " + description
    }
}
