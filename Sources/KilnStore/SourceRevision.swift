import Foundation

/// The git revision of the repository holding a folder: what an attempt records of its source.
package struct SourceRevision: Sendable, Hashable {
    /// `git rev-parse HEAD`.
    package var commit: String
    /// Tracked files differ from `commit` (untracked files are ignored).
    package var dirty: Bool

    /// The revision of the repository holding `directory`, read with git from argv arrays (no shell).
    /// Nil when git is not installed or `directory` is in no repository (nothing to record).
    package static func of(directory: String) -> SourceRevision? {
        guard let git = ExecutableSearch.find("git") else { return nil }
        let head: ExternalCommand.Output
        let status: ExternalCommand.Output
        do {
            head = try ExternalCommand(argv: [git, "-C", directory, "rev-parse", "--verify", "HEAD"]).run()
            status = try ExternalCommand(argv: [git, "-C", directory, "status", "--porcelain", "--untracked-files=no"])
                .run()
        } catch {
            // git could not be started although it is on PATH: the attempt records no revision.
            return nil
        }
        let commit = head.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard head.status == 0, status.status == 0, commit.count == 40 || commit.count == 64 else { return nil }
        return SourceRevision(
            commit: commit, dirty: !status.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }
}

/// Finds programs the way a shell does.
package enum ExecutableSearch {
    /// The first executable file `name` in `$PATH`; `name` itself (made absolute against
    /// `directory`) when it contains a slash. Nil when there is none.
    package static func find(_ name: String, relativeTo directory: String? = nil) -> String? {
        if name.contains("/") {
            let path = name.hasPrefix("/") || directory == nil ? name : directory! + "/" + name
            return FileManager.default.isExecutableFile(atPath: path) ? path : nil
        }
        let search = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return search.split(separator: ":").map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
}
