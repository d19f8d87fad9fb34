import Foundation
import KilnPostgres
import KilnTestSupport
import Testing

@Suite(.tags(.postgres))
struct ConnectionTests {
    @Test(
        .freshDatabase,
        arguments: ["'; DROP TABLE runs; --", "ünïcödé ✓ \"quoted\" \\ back\\slash", "", "tab\tnew\nline"])
    func textParametersRoundTripExactly(_ text: String) throws {
        let connection = try Connection(url: FreshDatabase.url)
        let rows = try connection.query("SELECT $1::text, $2::text IS NULL", [text, String?.none])
        #expect(try rows[0].decode(String.self, at: 0) == text)
        #expect(try rows[0].decode(Bool.self, at: 1))
        #expect(try connection.query("SELECT count(*) FROM runs")[0].decode(Int.self, at: 0) == 0)
    }

    @Test(.freshDatabase, arguments: [Double.nan, .infinity, -.infinity, 0.1, -2.5e-300, 1e300])
    func doublesRoundTripIncludingNonFinite(_ value: Double) throws {
        let connection = try Connection(url: FreshDatabase.url)
        let back = try connection.query("SELECT $1::float8", [value])[0].decode(Double.self, at: 0)
        #expect(back == value || (back.isNaN && value.isNaN))
    }

    @Test(.freshDatabase)
    func serverErrorsCarrySQLStateAndDetail() throws {
        let connection = try Connection(url: FreshDatabase.url)
        try connection.execute("CREATE TABLE t (k int PRIMARY KEY)")
        try connection.execute("INSERT INTO t VALUES (1)")
        let error = try #require(throws: PostgresError.self) { try connection.execute("INSERT INTO t VALUES (1)") }
        #expect(error.sqlState == "23505")
        #expect(error.isUniqueViolation)
        #expect(error.constraint == "t_pkey")
        #expect(error.detail?.contains("(k)=(1)") == true)
        let division = try #require(throws: PostgresError.self) { try connection.query("SELECT 1/0") }
        #expect(division.sqlState == "22012")
        #expect(division.message == "division by zero")
    }

    @Test(.freshDatabase)
    func transactionRollsBackWhenTheBodyThrows() throws {
        struct Boom: Error {}
        let connection = try Connection(url: FreshDatabase.url)
        try connection.execute("CREATE TABLE t (k int)")
        #expect(throws: Boom.self) {
            try connection.withTransaction {
                try $0.execute("INSERT INTO t VALUES (1)"); throw Boom()
            }
        }
        _ = try connection.withTransaction { try $0.execute("INSERT INTO t VALUES (2)") }
        let values = try connection.query("SELECT k FROM t").map { try $0.decode(Int.self, at: 0) }
        #expect(values == [2])
        #expect(throws: PostgresError.self) {
            try connection.withTransaction { c in try c.withTransaction { _ in 0 } }
        }
    }

    @Test(.freshDatabase)
    func droppedConnectionIsDetectedAndTheNextQueryReconnects() throws {
        let connection = try Connection(url: FreshDatabase.url)
        try connection.execute("CREATE TEMP TABLE session_state (k int)")
        let admin = try Connection(url: FreshDatabase.url)
        let before = connection.backendPID
        try admin.query("SELECT pg_terminate_backend($1)", [Int(before)])
        let lost = try #require(throws: PostgresError.self) { try connection.query("SELECT 1") }
        #expect(lost.kind == .connectionLost)
        #expect(try connection.query("SELECT 41 + 1")[0].decode(Int.self, at: 0) == 42)
        #expect(connection.backendPID != before)
    }

    @Test(.freshDatabase)
    func sessionSetupRunsAgainAfterReconnect() throws {
        let connection = try Connection(url: FreshDatabase.url)
        try connection.onEverySession { try $0.execute("CREATE TEMP TABLE IF NOT EXISTS scratch (k int)") }
        try Connection(url: FreshDatabase.url).query("SELECT pg_terminate_backend($1)", [Int(connection.backendPID)])
        _ = try? connection.query("SELECT 1")
        try connection.execute("INSERT INTO scratch VALUES (1)")
        #expect(try connection.query("SELECT count(*) FROM scratch")[0].decode(Int.self, at: 0) == 1)
    }

    @Test(.freshDatabase)
    func copyStreamsRowsWithEscapingAndNulls() throws {
        let connection = try Connection(url: FreshDatabase.url)
        try connection.execute("CREATE TABLE t (i bigint, s text, d float8, n text)")
        let hostile = "tab\there\nnewline\\backslash\rcr"
        let count = try connection.copyIn("COPY t (i, s, d, n) FROM STDIN") { writer in
            for i in -2..<3 {
                writer.field(i)
                writer.field(hostile)
                writer.field(Double(i) / 3)
                writer.null()
                try writer.endRow()
            }
        }
        #expect(count == 5)
        let rows = try connection.query("SELECT i, s, d, n FROM t ORDER BY i")
        #expect(try rows.map { try $0.decode(Int.self, at: 0) } == [-2, -1, 0, 1, 2])
        #expect(try rows.allSatisfy { try $0.decode(String.self, at: 1) == hostile })
        #expect(try rows[4].decode(Double.self, at: 2) == 2.0 / 3)
        #expect(rows.allSatisfy { $0[3] == nil })
    }

    @Test(.freshDatabase)
    func copyFailureStoresNothingAndReportsTheServerError() throws {
        let connection = try Connection(url: FreshDatabase.url)
        try connection.execute("CREATE TABLE t (k int PRIMARY KEY)")
        let error = try #require(throws: PostgresError.self) {
            try connection.copyIn("COPY t (k) FROM STDIN") { writer in
                for k in [1, 2, 2] {
                    writer.field(k)
                    try writer.endRow()
                }
            }
        }
        #expect(error.sqlState == "23505")
        #expect(try connection.query("SELECT count(*) FROM t")[0].decode(Int.self, at: 0) == 0)
        #expect(try connection.query("SELECT 1")[0].decode(Int.self, at: 0) == 1)
    }

    @Test(.freshDatabase)
    func notificationsArriveOnListenedChannels() throws {
        let listener = try Connection(url: FreshDatabase.url)
        try listener.listen("kiln_runs")
        try Connection(url: FreshDatabase.url).notify("kiln_runs", payload: "run 42 finished")
        var received: [KilnPostgres.Notification] = []
        for _ in 0..<50 where received.isEmpty {
            received = try listener.waitForNotifications(timeout: 0.2)
        }
        #expect(received == [KilnPostgres.Notification(channel: "kiln_runs", payload: "run 42 finished")])
    }

    @Test func connectingToAMissingSocketNamesIt() throws {
        let error = try #require(throws: PostgresError.self) {
            try Connection(url: "postgresql://kiln@/kiln?host=/tmp/kiln-no-such-dir")
        }
        #expect(error.kind == .connect)
        #expect(error.message.contains("/tmp/kiln-no-such-dir"))
    }
}
