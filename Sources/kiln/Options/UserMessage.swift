import Foundation
import KilnProtocol
import KilnStore

/// How a failure reads on the terminal: one `error:` prefix, and the operating system's reason for a
/// file that could not be read or written instead of Foundation's error dump.
enum UserMessage {
    /// `error: …` for `error`, keeping the compiler-style place (`file:line:col: error: …`) of errors that have one.
    static func text(for error: any Error) -> String {
        let info = (error as NSError).userInfo
        if let path = info[NSFilePathErrorKey] as? String ?? (info[NSURLErrorKey] as? URL)?.path {
            // Foundation numbers read failures 256…511 and write failures 512…; others (4: no such file) are either.
            let code = (error as NSError).code
            let verb = (256..<512).contains(code) ? "read" : (512..<1024).contains(code) ? "write" : "open"
            return "error: cannot \(verb) \(path): \(fileSystemReason(of: error))"
        }
        let description = String(describing: error)
        let firstLine = description.prefix { $0 != "\n" }
        return firstLine.hasPrefix("error: ") || firstLine.contains(": error: ") ? description : "error: " + description
    }
}
