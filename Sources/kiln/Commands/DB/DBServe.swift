import ArgumentParser
import KilnStore

struct DBServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Let other machines reach the local cluster over TCP, with TLS and the password.",
        discussion: """
            Makes the project's cluster listen on ADDRESS (port 5432 unless given) with TLS (a self-signed certificate made \
            once, in the data directory) and SCRAM password logins from the --allow networks only (default: the server's \
            own subnets, 'samenet'); connections without TLS are refused. The unix socket keeps working. Prints the \
            KILN_DATABASE_URL to export on the other machines; 'kiln db url --share' prints it again. The URL holds the \
            password: treat it like one. See docs/cluster.md.

            Examples:
              kiln db serve --listen 10.0.0.5 --allow 10.0.0.0/16
              kiln db serve --listen 0.0.0.0:5433 --allow 10.1.0.0/16 --allow 10.2.0.0/16
            """)

    @Option(
        help: ArgumentHelp(
            "Address (and port) to listen on: an IP address, a host name, or *.", valueName: "address[:port]"))
    var listen: String
    @Option(help: ArgumentHelp("A network allowed to connect, in CIDR notation (repeat for more).", valueName: "cidr"))
    var allow: [String] = []
    @OptionGroup var store: StoreOptions

    func run() async throws {
        guard let cluster = try store.database().cluster else {
            throw ValidationError("a database URL is set; Kiln only serves the local cluster it manages")
        }
        let sharing = try LocalCluster.Sharing(listen: listen, allowed: allow)
        let url = try cluster.serve(sharing)
        print(
            "serving the local PostgreSQL on \(sharing.address):\(sharing.port) (TLS, password) to \(sharing.allowed.joined(separator: ", "))"
        )
        print("certificate: \(cluster.certificatePath) (for sslmode=verify-full, copy it and use sslrootcert=)")
        print("on the other machines:")
        print("  export KILN_DATABASE_URL='\(url)'")
    }
}
