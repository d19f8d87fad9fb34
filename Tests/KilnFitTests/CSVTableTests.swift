import Testing
@testable import KilnFit

@Suite struct CSVTableTests {
    @Test("RFC 4180: quoted fields with commas, doubled quotes and line breaks; CRLF; BOM; blank lines")
    func parsing() throws {
        let text = "\u{FEFF}name,note\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n\r\nc,\"two\nlines\"\nd,\n"
        let table = try CSVTable(text: text, source: "t.csv")
        #expect(table.header == ["name", "note"])
        #expect(table.records.map(\.fields) == [["a,b", "say \"hi\""], ["c", "two\nlines"], ["d", ""]])
        #expect(table.records.map(\.line) == [2, 4, 6])
    }

    @Test("A missing column names the file and lists the columns")
    func missingColumn() throws {
        let table = try CSVTable(text: "a,b,c\n1,2,3\n", source: "results.csv")
        #expect(throws: FitError.self) { try ScalingData(csv: table) }
        do { _ = try ScalingData(csv: table) } catch {
            #expect("\(error)" == "results.csv: missing column 'params' (columns: a, b, c)")
        }
    }

    @Test("A bad value names the file, line and column")
    func badValue() throws {
        var text = "params,tokens,loss,extra\n"
        for i in 0..<12 { text += "1e8,2e9,\(3.0 + Double(i) * 0.01),x\n" }
        text += "1e8,2e9,nan,x\n"
        let table = try CSVTable(text: text, source: "results.csv")
        do {
            _ = try ScalingData(csv: table)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "results.csv:14: loss is not a positive number ('nan')")
        }
    }

    @Test("Renamed columns are used; extra columns are ignored")
    func renamed() throws {
        let table = try CSVTable(text: "N,D,L,other\n1e8,2e9,3.1,zzz\n", source: "r.csv")
        var columns = ScalingData.Columns()
        (columns.params, columns.tokens, columns.loss) = ("N", "D", "L")
        let data = try ScalingData(csv: table, columns: columns)
        #expect(data.points == [ScalingPoint(params: 1e8, tokens: 2e9, loss: 3.1)])
    }

    @Test("Malformed CSV: unclosed quote and wrong field count are located")
    func malformed() {
        #expect(throws: FitError(.unterminatedQuote, source: "x.csv", line: 2)) {
            try CSVTable(text: "a\n\"oops\n", source: "x.csv")
        }
        #expect(throws: FitError(.fieldCount(expected: 2, found: 3), source: "x.csv", line: 3)) {
            try CSVTable(text: "a,b\n1,2\n1,2,3\n", source: "x.csv")
        }
    }

    @Test("Loss curves: rows grouped by run and sorted by step; a bad step is located")
    func curves() throws {
        let table = try CSVTable(
            text: "run,step,lr,loss\nb,20,1e-4,3.0\na,10,3e-4,3.5\nb,10,2e-4,3.2\n", source: "c.csv")
        let curves = try LossCurve.curves(csv: table)
        #expect(curves.map(\.run) == ["b", "a"])
        #expect(curves[0].steps == [10, 20] && curves[0].lrs == [2e-4, 1e-4])
        let bad = try CSVTable(text: "run,step,lr,loss\na,ten,1e-4,3\n", source: "c.csv")
        #expect(throws: FitError(.notAnInteger(column: "step", text: "ten"), source: "c.csv", line: 2)) {
            try LossCurve.curves(csv: bad)
        }
    }
}
