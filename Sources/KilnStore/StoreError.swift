/// Failures of Kiln's store and its local cluster, worded for the user.
public enum StoreError: Error, CustomStringConvertible {
    case command(argv: [String], status: Int32, output: String)
    case postgresNotInstalled(searched: [String])
    case cannotCreateUser(String)
    case clusterNotRunning(String)
    case notFound(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .command(let argv, let status, let output):
            let tail = output.split(separator: "\n").suffix(15).joined(separator: "\n")
            return "\(argv.joined(separator: " ")) exited with status \(status):\n\(tail)"
        case .postgresNotInstalled(let searched):
            return "PostgreSQL server binaries not found (looked in \(searched.joined(separator: ", "))); "
                + "install them with: apt-get install -y postgresql, or set KILN_PG_BIN"
        case .cannotCreateUser(let message):
            return "cannot create the unprivileged user that runs the local PostgreSQL: \(message)"
        case .clusterNotRunning(let message): return message
        case .notFound(let message): return message
        case .invalid(let message): return message
        }
    }
}
