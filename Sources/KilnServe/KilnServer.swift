import Foundation
import HTTPTypes
import Hummingbird
import KilnPostgres
import KilnReport
import KilnStore
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// `kiln serve`: the store's sweeps as live web pages. Pages are the report's (loader, model, templates),
/// cached per sweep until the store notifies a change; open pages follow changes by server-sent events.
package struct KilnServer: Sendable {
    package let configuration: ServeConfiguration
    let logger: Logger
    let feed: LiveFeed
    let cache = PageCache()
    /// The overviews of running runs, read incrementally as their sweep pages refresh.
    let overviews = OverviewCache()
    let store: StoreGateway

    package init(configuration: ServeConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        feed = LiveFeed(databaseURL: configuration.databaseURL, logger: logger)
        store = StoreGateway(databaseURL: configuration.databaseURL)
    }

    /// Serves until SIGINT or SIGTERM; `onReady` gets the port once the server listens.
    package func run(onReady: @escaping @Sendable (Int) -> Void) async throws {
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { [feed] channel in
                await feed.started()
                onReady(channel.localAddress?.port ?? 0)
            }, logger: logger)
        // Shut down in reverse order: the feed first, which ends the event streams, then the HTTP server
        // (which waits for open responses).
        let group = ServiceGroup(
            configuration: .init(services: [app, feed], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: ServeGuard(configuration: configuration, logger: logger))
        let actions = !configuration.readOnly
        router.get("/") { request, _ in
            let query = FormFields.parse(request.uri.query)
            let filter = FormFields.value("q", in: query) ?? "", state = FormFields.value("state", in: query) ?? ""
            let sort = FormFields.value("sort", in: query) ?? ""
            // Not cached: one aggregate query, and filters would make the cache grow with every query string.
            let html = try await store.withConnection {
                try ServePages(connection: $0, actions: actions).home(filter: filter, state: state, sort: sort)
            }
            return Self.html(html)
        }
        router.get("/sweeps/:id") { _, context in
            guard let id = context.parameters.get("id", as: Int64.self) else { return Self.notFound("sweep") }
            do {
                let html = try await cache.page("sweep/\(id)", version: feed.version(of: id)) { [store, overviews] in
                    try await store.withConnection {
                        try ServePages(connection: $0, actions: actions).sweep(id: id, overviews: overviews)
                    }
                }
                return Self.html(html)
            } catch let error as ServePages.NotFound {
                return Self.notFound(error.what)
            }
        }
        router.get("/runs/:id") { _, context in
            guard let id = context.parameters.get("id", as: Int64.self) else { return Self.notFound("run") }
            do {
                let page = try await store.withConnection {
                    try ServePages(connection: $0, actions: actions).run(id: id)
                }
                return Self.html(page.html)
            } catch let error as ServePages.NotFound {
                return Self.notFound(error.what)
            }
        }
        router.get("/compare") { request, _ in
            let query = FormFields.parse(request.uri.query)
            let references =
                query.filter { $0.name == "run" }.map(\.value)
                + query.filter { $0.name == "runs" }.flatMap {
                    $0.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                }.filter { !$0.isEmpty }
            let html = try await store.withConnection {
                try ServePages(connection: $0, actions: actions).compare(references: references)
            }
            return Self.html(html)
        }
        router.get("/api/sweeps") { _, _ in
            try Self.json(try await store.withConnection { try SweepOverview.all($0) })
        }
        router.get("/api/sweeps/:id") { _, context in
            guard let id = context.parameters.get("id", as: Int64.self) else { return Self.notFound("sweep") }
            let version = feed.version(of: id)
            guard
                let state = try await store.withConnection({
                    try SweepState.load(id: id, version: version, connection: $0)
                })
            else { return Self.notFound("sweep \(id)") }
            return try Self.json(state)
        }
        router.get("/events") { _, _ in events(sweepID: nil) }
        router.get("/sweeps/:id/events") { _, context in
            guard let id = context.parameters.get("id", as: Int64.self) else { return Self.notFound("sweep") }
            return events(sweepID: id)
        }
        router.post("/sweeps/:id/cancel") { _, context in
            guard let id = context.parameters.get("id", as: Int64.self) else { return Self.notFound("sweep") }
            let message = try await store.withConnection { try ServeActions.cancelSweep(id: id, connection: $0) }
            return Self.done(message, back: "/sweeps/\(id)")
        }
        router.post("/sweeps/:id/retry") { _, context in
            guard let id = context.parameters.get("id", as: Int64.self) else { return Self.notFound("sweep") }
            let message = try await store.withConnection { try ServeActions.retrySweep(id: id, connection: $0) }
            return Self.done(message, back: "/sweeps/\(id)")
        }
        router.post("/runs/:id/cancel") { _, context in
            guard let id = context.parameters.get("id", as: Int64.self),
                let result = try await store.withConnection({ try ServeActions.cancelRun(id: id, connection: $0) })
            else { return Self.notFound("run") }
            return Self.done(result.message, back: "/runs/\(id)")
        }
        router.post("/runs/:id/retry") { _, context in
            guard let id = context.parameters.get("id", as: Int64.self),
                let result = try await store.withConnection({ try ServeActions.retryRun(id: id, connection: $0) })
            else { return Self.notFound("run") }
            return Self.done(result.message, back: "/runs/\(id)")
        }
        return router
    }

    /// Server-sent events: `change` (data: the version and sweeps) whenever the store changes `sweepID`
    /// (any sweep when nil), a comment every 15 s to keep the connection alive.
    func events(sweepID: Int64?) -> Response {
        let stream = feed.subscribe()
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 2000\n: kiln serve\n\n"))
            for await change in stream {
                if change.all || !change.sweepIDs.isEmpty && (sweepID.map(change.sweepIDs.contains) ?? true) {
                    let sweeps = change.sweepIDs.sorted().map(String.init).joined(separator: ",")
                    try await writer.write(
                        ByteBuffer(
                            string: "event: change\ndata: {\"version\":\(change.version),\"sweeps\":[\(sweeps)]}\n\n"))
                } else if change.sweepIDs.isEmpty {
                    try await writer.write(ByteBuffer(string: ": tick\n\n"))
                }
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8"], body: body)
    }

    static func html(_ text: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func notFound(_ what: String) -> Response {
        ServeGuard<BasicRequestContext>.page(.notFound, "No \(what) here.")
    }

    /// After an action: back to the page it was taken on (303), saying what happened in `X-Kiln-Action`
    /// (printable ASCII only: a run name cannot break the header).
    static func done(_ message: String, back: String) -> Response {
        var response = Response.redirect(to: back, type: .normal)
        let printable = message.unicodeScalars.filter { $0.isASCII && (0x20..<0x7F).contains($0.value) }
        response.headers[HTTPField.Name("X-Kiln-Action")!] = String(String.UnicodeScalarView(printable))
        return response
    }
}
