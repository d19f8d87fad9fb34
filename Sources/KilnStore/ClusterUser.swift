import Foundation

/// The operating-system user that owns and runs a local PostgreSQL cluster. PostgreSQL refuses to
/// run as root, so root runs it as the unprivileged system user `kilnpg`, created on first use.
struct ClusterUser {
    /// `nil` when Kiln runs unprivileged and the cluster runs as the current user.
    let name: String?
    let uid: uid_t
    let gid: gid_t

    static let systemUserName = "kilnpg"

    /// The user running Kiln.
    static var current: ClusterUser { ClusterUser(name: nil, uid: geteuid(), gid: getegid()) }

    /// The current user, or (as root) the `kilnpg` system user, created if missing.
    static func resolve() throws -> ClusterUser {
        guard geteuid() == 0 else { return current }
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

    /// Creates `path` (parents as needed, with their usual modes) or takes the existing directory,
    /// and makes it this user's with mode 700. Throws `StoreError.unsafeDirectory`, touching nothing,
    /// when `path` is a symbolic link or not a directory, or when a user other than this one and the
    /// one running Kiln owns it (someone else made it first, as in `/tmp`); and when it is still not
    /// this user's private directory afterwards (a failed `chown` or `chmod`).
    func makePrivateDirectory(_ path: String) throws {
        let parent = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw StoreError.unsafeDirectory(path, reason: "cannot create it: \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            throw StoreError.unsafeDirectory(path, reason: "cannot inspect it: \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw StoreError.unsafeDirectory(
                path, reason: info.st_mode & S_IFMT == S_IFLNK ? "it is a symbolic link" : "it is not a directory")
        }
        guard info.st_uid == uid || info.st_uid == geteuid() else {
            throw StoreError.unsafeDirectory(
                path, reason: "it is owned by \(Self.describe(uid: info.st_uid)), not \(Self.describe(uid: uid))")
        }
        if info.st_uid != uid && chown(path, uid, gid) != 0 {
            throw StoreError.unsafeDirectory(
                path, reason: "cannot give it to \(Self.describe(uid: uid)): \(String(cString: strerror(errno)))")
        }
        if info.st_mode & 0o777 != 0o700 && chmod(path, 0o700) != 0 {
            throw StoreError.unsafeDirectory(
                path, reason: "cannot make it private (mode 700): \(String(cString: strerror(errno)))")
        }
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == uid,
            info.st_mode & 0o777 == 0o700
        else {
            throw StoreError.unsafeDirectory(
                path, reason: "it is not \(Self.describe(uid: uid))'s private directory (mode 700)")
        }
    }

    /// Writes `contents` to a new file at `path` that only this user can read (mode 600). Replaces
    /// what is at `path`, unless `replacing` is false: then returns false, writing nothing, when it exists.
    @discardableResult
    func writePrivateFile(_ path: String, contents: String, replacing: Bool = true) throws -> Bool {
        if replacing { unlink(path) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if descriptor < 0 && errno == EEXIST && !replacing { return false }
        guard descriptor >= 0 else { throw StoreError.cannotWrite(path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw StoreError.cannotWrite(path, reason: String(cString: strerror(errno)))
        }
        if uid != geteuid() && fchown(descriptor, uid, gid) != 0 {
            throw StoreError.cannotWrite(
                path, reason: "cannot give it to \(Self.describe(uid: uid)): \(String(cString: strerror(errno)))")
        }
        return true
    }

    /// `name (uid N)`, or `uid N` for a user without a name.
    private static func describe(uid: uid_t) -> String {
        guard let entry = getpwuid(uid) else { return "uid \(uid)" }
        return "\(String(cString: entry.pointee.pw_name)) (uid \(uid))"
    }

    /// Whether this user can enter every ancestor of `path`.
    func canTraverse(to path: String) -> Bool {
        guard name != nil else { return true }
        var url = URL(fileURLWithPath: path).deletingLastPathComponent()
        while url.path != "/" {
            var info = stat()
            if stat(url.path, &info) == 0 {
                let mode = info.st_mode
                let allowed =
                    info.st_uid == uid ? mode & 0o100 != 0 : info.st_gid == gid ? mode & 0o010 != 0 : mode & 0o001 != 0
                if !allowed { return false }
            }
            url.deleteLastPathComponent()
        }
        return true
    }
}
