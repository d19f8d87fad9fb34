import Foundation
import KilnStore

/// Removes the folders of deleted runs, only ever inside this project's runs folder.
package enum RunFolders {
    /// What a removal did.
    package struct Removal: Sendable {
        /// Folders removed.
        package var removed: [String] = []
        /// Folders of the runs that were left because they lie outside the runs folder (trained from
        /// another project folder or machine), or could not be removed (with why).
        package var left: [String] = []
    }

    /// Removes `<runsDirectory>/<id>` of each run (a symbolic link there is removed, not followed).
    /// A run folder recorded elsewhere is never touched, only reported.
    package static func remove(_ runs: [RunRecord], runsDirectory: String) -> Removal {
        var removal = Removal()
        let root = URL(fileURLWithPath: runsDirectory).standardizedFileURL.path
        for run in runs {
            let folder = root + "/\(run.id)"
            if let recorded = run.runDirectory, URL(fileURLWithPath: recorded).standardizedFileURL.path != folder {
                removal.left.append("\(recorded) (outside \(root))")
            }
            var info = stat()
            guard lstat(folder, &info) == 0 else { continue }
            do {
                try FileManager.default.removeItem(atPath: folder)
                removal.removed.append(folder)
            } catch {
                removal.left.append("\(folder) (\(PrivateFolder.reason(error)))")
            }
        }
        return removal
    }
}
