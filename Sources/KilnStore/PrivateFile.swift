/// Files only the user running Kiln can read: scripts and settings that may hold a password.
package enum PrivateFile {
    /// Replaces `path` with a new file holding `contents`, mode 600 (never following a symbolic link).
    /// Throws `StoreError.cannotWrite` with the operating system's reason.
    package static func write(_ contents: String, to path: String) throws {
        try ClusterUser.current.writePrivateFile(path, contents: contents)
    }

    /// Creates `path` holding `contents`, mode 600, only if nothing is there (atomically: of two
    /// processes creating the same path, one gets false). Returns false, writing nothing, when it exists.
    package static func create(_ contents: String, at path: String) throws -> Bool {
        try ClusterUser.current.writePrivateFile(path, contents: contents, replacing: false)
    }
}
