import Foundation
import KilnProcess

/// Finds the folder of the Python standard library's sources on this machine.
enum PythonStandardLibrary {
    /// Asks `python3` (started from an argv array), then falls back to `/usr/lib/python3.*`.
    static func locate() -> String? {
        if let asked = askPython(), isStandardLibrary(asked) { return asked }
        let candidates = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib")) ?? [])
            .filter { $0.hasPrefix("python3") }.sorted().reversed()
        return candidates.map { "/usr/lib/" + $0 }.first(where: isStandardLibrary)
    }

    private static func isStandardLibrary(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/os.py")
    }

    private static func askPython() -> String? {
        let ask = ProcessLaunch(
            ["python3", "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], stdin: .null,
            stderr: .file("/dev/null"))
        // No python3 (or one that fails) is not an error: `locate` then looks in /usr/lib.
        guard let answer = try? ask.output(), answer.termination == .exited(0) else { return nil }
        return answer.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
