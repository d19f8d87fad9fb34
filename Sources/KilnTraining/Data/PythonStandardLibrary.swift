import Foundation

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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
