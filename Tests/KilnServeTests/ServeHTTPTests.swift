import Foundation
import KilnPostgres
import KilnServe
import KilnStore
import KilnTestSupport
import Testing

/// `kiln serve` over HTTP, the real server against a fresh database: pages, types, escaping, tokens,
/// actions, read-only mode and the JSON the pages fetch.
@Suite(.tags(.postgres, .subprocess))
struct ServeHTTPTests {
    @Test(.freshDatabase)
    func pagesAreServedWithTheirTypesAndEveryNameEscaped() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let hostile = StoreSamples.hostile
        let sample = try StoreSamples.sweep(
            connection, name: hostile, runNames: ["run-" + hostile, "plain"], metrics: ["train/loss", "val/" + hostile])
        let server = try ServeProcess(databaseURL: FreshDatabase.url)
        let client = server.client
        let raw = "<script>alert("
        let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"

        for path in [
            "/", "/sweeps/\(sample.sweepID)", "/runs/\(sample.runIDs[0])",
            "/compare?run=\(sample.runIDs[0])&run=\(sample.runIDs[1])",
        ] {
            let response = try client.send("GET", path)
            #expect(response.status == 200, "\(path): \(response.body.prefix(300))")
            #expect(response.header("Content-Type") == "text/html; charset=utf-8", "\(path)")
            #expect(!response.body.contains(raw), "\(path) holds a raw hostile name")
            #expect(response.body.contains(escaped), "\(path) lacks the escaped name")
            let policy = response.header("Content-Security-Policy") ?? ""
            #expect(policy.contains("default-src 'none'") && policy.contains("connect-src 'self'"), "\(path)")
            #expect(
                !response.body.contains("src=\"http") && !response.body.contains("href=\"http"),
                "\(path) loads from elsewhere")
        }
        let sweepPage = try client.send("GET", "/sweeps/\(sample.sweepID)").body
        #expect(sweepPage.contains(#"data-events="/sweeps/\#(sample.sweepID)/events""#))
        #expect(sweepPage.contains(#"href="/runs/\#(sample.runIDs[1])""#))
        let ids = sweepPage.matches(of: /\sid="([^"]+)"/).map { String($0.output.1) }
        #expect(ids.count == Set(ids).count, "ids repeat: \(ids)")

        let api = try client.send("GET", "/api/sweeps/\(sample.sweepID)")
        #expect(api.status == 200)
        #expect(api.header("Content-Type") == "application/json")
        let state = try JSONSerialization.jsonObject(with: Data(api.body.utf8)) as? [String: Any]
        #expect(state?["name"] as? String == hostile)
        let runs = state?["runs"] as? [[String: Any]] ?? []
        #expect(runs.map { $0["points"] as? Int } == [10, 10])
        #expect(runs.map { $0["status"] as? String } == ["pending", "pending"])
        let list = try client.send("GET", "/api/sweeps")
        #expect(list.status == 200 && list.body.contains(#""pending":2"#), "\(list.body)")

        for path in [
            "/sweeps/999999", "/sweeps/abc", "/runs/-1", "/sweeps/..%2F..%2Fetc%2Fpasswd", "/../../etc/passwd",
            "/runs/1/../../../etc/passwd", "/templates/html/report.css",
        ] {
            let response = try client.send("GET", path)
            #expect(response.status == 404, "\(path): \(response.status)")
            #expect(!response.body.contains("root:"), "\(path)")
        }
        #expect(server.stop() == 0)
    }

    @Test(.freshDatabase)
    func actionsNeedTheTokenAndComeFromTheSameOrigin() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let sample = try StoreSamples.sweep(connection, name: "acts", runNames: ["a", "b"])
        let server = try ServeProcess(databaseURL: FreshDatabase.url)
        let client = server.client
        let runs = RunStore(connection: connection)
        let cancel = "/runs/\(sample.runIDs[0])/cancel"
        let origin = "http://127.0.0.1:\(server.port)"
        let cookie = "kiln_token=\(ServeProcess.token)"

        #expect(try client.send("POST", cancel, body: "").status == 403)
        #expect(
            try client.send("POST", cancel, headers: ["Cookie": "kiln_token=wrong-token-0000000000"], body: "").status
                == 403)
        #expect(
            try client.send("POST", cancel, headers: ["Cookie": cookie, "Origin": "http://evil.example"], body: "")
                .status == 403)
        #expect(
            try client.send("POST", cancel, headers: ["Cookie": cookie, "Sec-Fetch-Site": "cross-site"], body: "")
                .status == 403)
        #expect(try client.send("POST", cancel, headers: ["Cookie": cookie], body: "").status == 403)
        #expect(try runs.run(id: sample.runIDs[0])?.status == .pending)

        let done = try client.send(
            "POST", cancel, headers: ["Cookie": cookie, "Origin": origin, "Sec-Fetch-Site": "same-origin"], body: "")
        #expect(done.status == 303)
        #expect(done.header("Location") == "/runs/\(sample.runIDs[0])")
        #expect(done.header("X-Kiln-Action") == "cancelling run a")
        #expect(try runs.run(id: sample.runIDs[0])?.status == .cancelled)

        let retry = try client.send(
            "POST", "/runs/\(sample.runIDs[0])/retry", headers: ["Authorization": "Bearer \(ServeProcess.token)"],
            body: "")
        #expect(retry.status == 303)
        #expect(try runs.run(id: sample.runIDs[0])?.status == .pending)
        let form = try client.send("POST", "/sweeps/\(sample.sweepID)/cancel", body: "token=\(ServeProcess.token)")
        #expect(form.status == 303)
        #expect(try runs.runs(sweepID: sample.sweepID).map(\.status) == [.cancelled, .cancelled])

        let login = try client.send("GET", "/sweeps/\(sample.sweepID)?token=\(ServeProcess.token)")
        #expect(login.status == 303)
        #expect(login.header("Location") == "/sweeps/\(sample.sweepID)")
        let setCookie = login.header("Set-Cookie") ?? ""
        #expect(setCookie.contains(cookie) && setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
        #expect(try client.send("GET", "/?token=wrong-token-0000000000").status == 401)

        // A page asked for under another host name (DNS rebinding onto 127.0.0.1) is refused.
        #expect(try client.send("GET", "/", host: "evil.example:\(server.port)").status == 421)
        #expect(server.stop() == 0)
    }

    @Test(.freshDatabase)
    func readOnlyShowsNoActionsAndRefusesThem() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let sample = try StoreSamples.sweep(connection, name: "ro", runNames: ["a"])
        let server = try ServeProcess(databaseURL: FreshDatabase.url, arguments: ["--read-only"])
        let page = try server.client.send("GET", "/sweeps/\(sample.sweepID)")
        #expect(page.status == 200)
        #expect(!page.body.contains(#"method="post""#) && !page.body.contains(#"formmethod="post""#))
        let refused = try server.client.send(
            "POST", "/runs/\(sample.runIDs[0])/cancel", headers: ["Authorization": "Bearer \(ServeProcess.token)"],
            body: "")
        #expect(refused.status == 403)
        #expect(try RunStore(connection: connection).run(id: sample.runIDs[0])?.status == .pending)
        #expect(!server.output.contains(ServeProcess.token))
        #expect(server.stop() == 0)
    }

    @Test(.freshDatabase)
    func anotherAddressNeedsTheTokenForEveryRequestUnlessPublic() throws {
        let connection = try Connection(url: FreshDatabase.url)
        try StoreSamples.sweep(connection, name: "net", runNames: ["a"])
        let guarded = try ServeProcess(databaseURL: FreshDatabase.url, listen: "0.0.0.0")
        #expect(try guarded.client.send("GET", "/").status == 401)
        #expect(try guarded.client.send("GET", "/api/sweeps").status == 401)
        #expect(try guarded.client.send("GET", "/events").status == 401)
        #expect(
            try guarded.client.send("GET", "/", headers: ["Authorization": "Bearer \(ServeProcess.token)"]).status
                == 200)
        #expect(
            try guarded.client.send("GET", "/", headers: ["Cookie": "kiln_token=\(ServeProcess.token)"]).status == 200)
        #expect(guarded.stop() == 0)

        let open = try ServeProcess(
            databaseURL: FreshDatabase.url, arguments: ["--read-only", "--public"], listen: "0.0.0.0")
        #expect(try open.client.send("GET", "/").status == 200)
        #expect(open.stop() == 0)

        let refused = try ChildProcess.run(
            [
                ChildProcess.kiln, "serve", "--public", "--listen", "0.0.0.0:\(try FreePort.next())", "--database-url",
                FreshDatabase.url,
            ])
        #expect(refused.status == 1)
        #expect(refused.stderr == "error: --public needs --read-only: a public server must not take actions\n")
    }

    @Test(.freshDatabase)
    func eventsFollowIngestionAndStateChanges() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let sample = try StoreSamples.sweep(connection, name: "live", runNames: ["a"])
        let other = try StoreSamples.sweep(connection, name: "other", runNames: ["b"])
        let server = try ServeProcess(databaseURL: FreshDatabase.url)
        let events = try EventStreamReader(port: server.port, path: "/sweeps/\(sample.sweepID)/events")
        #expect(events.waitFor(": kiln serve"), "\(events.received)")
        #expect(events.received.contains("text/event-stream"))

        let mine = "\"sweeps\":[\(sample.sweepID)]"
        try MetricStore(connection: connection).ingest(
            (10..<20).map { MetricPoint(runID: sample.runIDs[0], name: "train/loss", step: $0 * 10, value: 1) })
        #expect(events.waitFor(mine), "\(events.received)")
        try RunStore(connection: connection).cancel(sweepID: sample.sweepID)
        #expect(events.waitFor(mine, times: 2), "\(events.received)")
        // Another sweep's points are not this page's business (the two ingestions may come in one event).
        try MetricStore(connection: connection).ingest([
            MetricPoint(runID: other.runIDs[0], name: "x", step: 1, value: 1)
        ])
        try MetricStore(connection: connection).ingest([
            MetricPoint(runID: sample.runIDs[0], name: "y", step: 1, value: 1)
        ])
        #expect(events.waitFor("event: change", times: 3), "\(events.received)")
        #expect(!events.received.contains("\"sweeps\":[\(other.sweepID)]"), "\(events.received)")
        let api = try server.client.send("GET", "/api/sweeps/\(sample.sweepID)").body
        #expect(api.contains(#""points":16"#) && api.contains(#""status":"cancelled""#), "\(api)")
        // SIGTERM with a stream open: the stream ends and the server exits.
        #expect(server.stop() == 0)
    }

    @Test(.freshDatabase)
    func oneStatementOfManyPointsSendsOneNotification() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let sample = try StoreSamples.sweep(connection, name: "notify", runNames: ["a", "b"], points: 0)
        let listener = try Connection(url: FreshDatabase.url)
        try listener.listen("kiln_serve")
        try MetricStore(connection: connection).ingest(
            sample.runIDs.flatMap { id in
                (0..<5000).map { MetricPoint(runID: id, name: "train/loss", step: $0, value: 1) }
            })
        var notes: [KilnPostgres.Notification] = []
        try waitUntil("a notification arrives", seconds: 10) {
            notes += try listener.waitForNotifications(timeout: 0.2)
            return !notes.isEmpty
        }
        notes += try listener.waitForNotifications(timeout: 0.5)
        #expect(notes == [KilnPostgres.Notification(channel: "kiln_serve", payload: String(sample.sweepID))])
    }
}
