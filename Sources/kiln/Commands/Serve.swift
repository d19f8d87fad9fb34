import ArgumentParser
import Foundation
import KilnServe
import KilnStore
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Watch sweeps live in the browser: a web application over the store.",
        discussion: """
            Serves the store's sweeps as web pages: every sweep with its progress, each sweep's report updating \
            live as runs train, each run's configuration, lineage, attempts and log, and runs of any sweeps \
            overlaid. Actions (cancel, retry) need the token printed at start (or KILN_SERVE_TOKEN); --read-only \
            turns them off. On loopback (the default) reading needs no token; on any other address every \
            request needs it, unless --read-only --public. See docs/serve.md (SSH tunnel from a laptop).

            Examples:
              kiln serve
              kiln serve --listen 127.0.0.1:9000 --read-only
              KILN_SERVE_TOKEN=… kiln serve --listen 0.0.0.0:8787
            """)

    @Option(help: ArgumentHelp("Address and port to listen on.", valueName: "host:port")) var listen = "127.0.0.1:8787"
    @Flag(help: "No actions: no cancel or retry buttons, every POST refused.") var readOnly = false
    @Flag(name: .customLong("public"), help: "With --read-only on a non-loopback address: reading needs no token.")
    var isPublic = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let database = try store.database()
        _ = try database.connect(applicationName: "kiln-serve")  // migrates, starts the local cluster
        let address = try ServeConfiguration.parseListen(listen)
        let given = ProcessInfo.processInfo.environment["KILN_SERVE_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let configuration = try ServeConfiguration(
            host: address.host, port: address.port, databaseURL: database.url, token: given ?? AccessToken.generate(),
            readOnly: readOnly, isPublic: isPublic)
        let server = KilnServer(configuration: configuration, logger: Logger(label: "kiln.serve"))
        try await server.run { port in
            let host = address.host.contains(":") && !address.host.hasPrefix("[") ? "[\(address.host)]" : address.host
            let base = "http://\(host):\(port)/"
            var lines = ["kiln serve: \(base)"]
            if configuration.readOnly {
                lines.append(
                    configuration.tokenRequiredForReading ? "read-only; every request needs the token" : "read-only")
            }
            if !configuration.readOnly || configuration.tokenRequiredForReading {
                lines.append(
                    given == nil
                        ? "with the token (open once; the browser keeps it): \(base)?token=\(configuration.token)"
                        : "token: KILN_SERVE_TOKEN (open \(base)?token=… once)")
            }
            lines.append("stop with Ctrl-C")
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
    }
}
