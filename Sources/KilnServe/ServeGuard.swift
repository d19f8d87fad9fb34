import Foundation
import HTTPTypes
import Hummingbird
import KilnReport
import Logging

/// Every request passes here first: the Host check (no DNS rebinding onto a loopback server), the token
/// (for every request when the server is reachable from elsewhere, for every action always), the
/// same-origin check of actions, and the headers that keep pages from loading anything from elsewhere.
struct ServeGuard<Context: RequestContext>: RouterMiddleware {
    let configuration: ServeConfiguration
    let logger: Logger

    /// The cookie a browser keeps the token in (HttpOnly, SameSite=Strict).
    static var cookieName: String { "kiln_token" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response: Response
        do {
            response = try await check(request, context: context, next: next)
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            logger.error("kiln serve: \(request.method) \(request.uri.path) failed: \(error)")
            response = Self.page(.internalServerError, "\(request.method) \(request.uri.path) failed: \(error)")
        }
        response.headers[HTTPField.Name("Content-Security-Policy")!] =
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private func check(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let authority = request.head.authority ?? ""
        if configuration.isLoopback, !ServeConfiguration.isLoopback(Self.hostPart(of: authority)) {
            return Self.page(
                .misdirectedRequest, "This server answers only to a loopback address (Host: \(authority)).")
        }
        let query = FormFields.parse(request.uri.query)
        if request.method == .get, let token = FormFields.value("token", in: query) {
            guard AccessToken.matches(token, secret: configuration.token) else {
                return Self.page(.unauthorized, "That token is not this server's. Use the address kiln serve printed.")
            }
            // Keep the token in a cookie and out of the address bar, history and logs.
            let rest = query.filter { $0.name != "token" }.map { Self.encode($0.name) + "=" + Self.encode($0.value) }
            var response = Response.redirect(
                to: request.uri.path + (rest.isEmpty ? "" : "?" + rest.joined(separator: "&")), type: .normal)
            response.headers[.setCookie] = "\(Self.cookieName)=\(token); Path=/; HttpOnly; SameSite=Strict"
            return response
        }
        let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        let cookie = request.cookies[Self.cookieName]?.value
        let byHeader = AccessToken.matches(bearer, secret: configuration.token)
        let byCookie = AccessToken.matches(cookie, secret: configuration.token)
        if configuration.tokenRequiredForReading, !byHeader, !byCookie, request.method != .post {
            return Self.page(
                .unauthorized,
                "This server needs its token: open the address with ?token=… that kiln serve printed, "
                    + "or send Authorization: Bearer TOKEN.")
        }
        guard request.method == .post else { return try await next(request, context) }
        guard !configuration.readOnly else {
            return Self.page(.forbidden, "This server is read-only (kiln serve --read-only): actions are off.")
        }
        var request = request
        let body = try await request.collectBody(upTo: 64 * 1024)
        let byForm = AccessToken.matches(
            FormFields.value("token", in: FormFields.parse(String(buffer: body))), secret: configuration.token)
        guard byHeader || byCookie || byForm else {
            return Self.page(
                .forbidden,
                "Actions need the token: open the address with ?token=… that kiln serve printed (it sets a cookie), "
                    + "or send Authorization: Bearer TOKEN.")
        }
        if !byHeader, let problem = crossSite(request, authority: authority, cookieOnly: byCookie && !byForm) {
            return Self.page(.forbidden, problem)
        }
        return try await next(request, context)
    }

    /// Why a POST is refused as cross-site, or nil: a browser's POST says where it comes from (Origin,
    /// Sec-Fetch-Site), and it must be this server; a POST that says nothing is accepted only with the token
    /// in its body (a cookie alone is what a forged cross-site form would carry).
    private func crossSite(_ request: Request, authority: String, cookieOnly: Bool) -> String? {
        let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!]
        let origin = request.headers[.origin]
        if let site, site != "same-origin" {
            return "Refused: the action came from another site (Sec-Fetch-Site: \(site))."
        }
        if let origin, origin != "http://" + authority {
            return "Refused: the action came from another site (Origin: \(origin))."
        }
        if cookieOnly, site == nil, origin == nil {
            return "Refused: a POST with only the cookie must say where it comes from (Origin)."
        }
        return nil
    }

    /// `host` of `host:port` or `[v6]:port`.
    static func hostPart(of authority: String) -> String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[...close])
        }
        return String(authority.split(separator: ":", maxSplits: 1).first ?? "")
    }

    private static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    /// A small HTML page with `message` (escaped) and `status`.
    static func page(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let html = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>\(status.code) \(HTMLText.escape(status.reasonPhrase))</title></head>
            <body><h1>\(status.code) \(HTMLText.escape(status.reasonPhrase))</h1><p>\(HTMLText.escape(message))</p>
            <p><a href="/">All sweeps</a></p></body></html>
            """
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}
