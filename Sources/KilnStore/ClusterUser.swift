import Foundation

/// The operating-system user that owns and runs a local PostgreSQL cluster. PostgreSQL refuses to
/// run as root, so root runs it as the unprivileged system user `kilnpg`, created on first use.
struct ClusterUser {
    /// `nil` when Kiln runs unprivileged and the cluster runs as the current user.
    let name: String?
    let uid: uid_t
    let gid: gid_t

    static let systemUserName = "kilnpg"

    /// The current user, or (as root) the `kilnpg` system user, created if missing.
    static func resolve() throws -> ClusterUser {
        guard geteuid() == 0 else { return ClusterUser(name: nil, uid: geteuid(), gid: getegid()) }
        if let user = lookup(systemUserName) { return user }
        let output = try ExternalCommand(argv: [
            "/usr/sbin/useradd", "--system", "--user-group", "--no-create-home",
            "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", systemUserName,
        ]).run()
        // Another process may have created it at the same moment (useradd exits 9).
        guard let user = lookup(systemUserName) else {
            throw StoreError.cannotCreateUser("useradd exited \(output.status): \(output.text)")
        }
        return user
    }

    private static func lookup(_ name: String) -> ClusterUser? {
        guard let entry = getpwnam(name) else { return nil }
        return ClusterUser(name: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
    }

    /// `argv` to run as this user (through `runuser`, which takes an argv, when switching users).
    func command(_ argv: [String]) -> ExternalCommand {
        guard let name else { return ExternalCommand(argv: argv) }
        return ExternalCommand(argv: ["/usr/sbin/runuser", "-u", name, "--"] + argv)
    }

    /// Creates `path` (and parents) with mode 700, owned by this user.
    func makePrivateDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chmod(path, 0o700)
        if name != nil { chown(path, uid, gid) }
    }

    /// Whether this user can enter every ancestor of `path`.
    func canTraverse(to path: String) -> Bool {
        guard name != nil else { return true }
        var url = URL(fileURLWithPath: path).deletingLastPathComponent()
        while url.path != "/" {
            var info = stat()
            if stat(url.path, &info) == 0 {
                let mode = info.st_mode
                let allowed = info.st_uid == uid ? mode & 0o100 != 0 : info.st_gid == gid ? mode & 0o010 != 0 : mode & 0o001 != 0
                if !allowed { return false }
            }
            url.deleteLastPathComponent()
        }
        return true
    }
}
