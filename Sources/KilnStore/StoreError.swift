/// Failures of Kiln's store and its local cluster, worded for the user.
package enum StoreError: Error, CustomStringConvertible {
    case command(argv: [String], status: Int32, output: String)
    case postgresNotInstalled(searched: [String])
    case cannotCreateUser(String)
    case notFound(String)
    case invalid(String)
    /// No database URL was given and `directory` has no local cluster, for a command that does not create one.
    case noProject(directory: String)
    /// A directory the local cluster would use is not safely its own (a symlink, another user's).
    case unsafeDirectory(String, reason: String)
    /// A file could not be written; `reason` is the operating system's.
    case cannotWrite(String, reason: String)

    package var description: String {
        switch self {
        case .command(let argv, let status, let output):
            let tail = output.split(separator: "\n").suffix(15).joined(separator: "\n")
            return "\(argv.joined(separator: " ")) exited with status \(status):\n\(tail)"
        case .postgresNotInstalled(let searched):
            return "PostgreSQL server binaries not found (looked in \(searched.joined(separator: ", "))); "
                + "install them with: apt-get install -y postgresql, or set KILN_PG_BIN"
        case .cannotCreateUser(let message):
            return "cannot create the unprivileged user that runs the local PostgreSQL: \(message)"
        case .notFound(let message): return message
        case .invalid(let message): return message
        case .noProject(let directory):
            return "no Kiln project in \(directory) (it has no .kiln/postgres): cd to the folder where you ran "
                + "'kiln run', start a project here with 'kiln run FILE' or 'kiln db start', "
                + "or use a server with --database-url URL or KILN_DATABASE_URL"
        case .unsafeDirectory(let path, let reason):
            return "refusing to use \(path) for the local PostgreSQL: \(reason); another local user may have "
                + "made it to reach your database. Remove it, or move the project to a shorter path "
                + "so the socket stays in .kiln/postgres"
        case .cannotWrite(let path, let reason):
            return "cannot write \(path): \(reason)"
        }
    }
}
