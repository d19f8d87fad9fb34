import KilnPostgres
import KilnTestSupport
import Testing

@Suite(.tags(.postgres))
struct BinaryRowsTests {
    @Test(.freshDatabase)
    func binaryFieldsAndArraysReadExactly() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let steps: [Int64] = [0, -7, 1 << 40, .max]
        let values: [Double] = [0.1, -2.5e-300, .infinity, -.infinity, .nan, 1e300]
        try connection.withRows(
            """
            SELECT $1::bigint[], $2::float8[], NULL::float8[], '{}'::bigint[], ARRAY[1.5, NULL]::float8[],
                   (-42)::bigint, 0.1::float8, 'ünï ✓'::text
            """, [steps, values], binary: true
        ) { rows in
            #expect(rows.int64s(0, 0) == steps)
            let back = rows.float64s(0, 1)
            #expect(back.count == values.count)
            for (read, sent) in zip(back, values) { #expect(read == sent || (read.isNaN && sent.isNaN)) }
            #expect(rows.float64s(0, 2).isEmpty)
            #expect(rows.int64s(0, 3).isEmpty)
            let withNull = rows.float64s(0, 4)
            #expect(withNull.count == 2 && withNull[0] == 1.5 && withNull[1].isNaN)
            #expect(rows.int64(0, 5) == -42)
            #expect(rows.float64(0, 6) == 0.1)
            #expect(rows.string(0, 7) == "ünï ✓")
        }
    }

    @Test(.freshDatabase)
    func numberArraysAreParameters() throws {
        let connection = try Connection(url: FreshDatabase.url)
        let rows = try connection.query("SELECT cardinality($1::bigint[]), $2::float8[]", [[Int64](), [1.5, .nan]])
        #expect(try rows[0].decode(Int.self, at: 0) == 0)
        #expect(rows[0][1] == "{1.5,NaN}")
    }
}
