import Foundation
import Testing

@testable import KilnReport

@Suite struct CSVExportTests {
    @Test("fields with commas, quotes or line breaks are quoted with quotes doubled")
    func quoting() {
        #expect(CSVExport.field("plain") == "plain")
        #expect(CSVExport.field("a,b") == "\"a,b\"")
        #expect(CSVExport.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVExport.field("two\nlines") == "\"two\nlines\"")
    }

    @Test("the runs CSV round-trips through a CSV parser: one row per run, every parameter a column")
    func runsRoundTrip() throws {
        let model = Fixtures.hostileModel()
        let text = CSVExport.runs(model)
        #expect(text.hasSuffix("\r\n"))
        let records = try CSVReader.records(text)
        #expect(records.count == 1 + model.runs.count)
        let header = records[0]
        #expect(Array(header.prefix(CSVExport.runColumns.count)) == CSVExport.runColumns)
        #expect(header.contains("<b onmouseover=alert(3)>lr</b>") && header.contains("note"))
        #expect(header.contains("final:train/loss"))
        #expect(records.allSatisfy { $0.count == header.count })
        let row = Dictionary(uniqueKeysWithValues: zip(header, records[1]))
        #expect(row["run"] == Fixtures.hostile)
        #expect(row["sweep"] == "sweep \"quoted\" & 'single'")
        #expect(row["note"] == "a,b \"c\"\nd")
        #expect(row["<b onmouseover=alert(3)>lr</b>"] == "0.001")
        #expect(row["final:train/loss"].flatMap(Double.init) == model.runs[0].finalMetrics["train/loss"])
        #expect(row["params_count"] == "" && row["parent_run_id"] == "")
    }

    @Test("a parameter named like a fixed column is prefixed, not overwritten")
    func collidingParameter() throws {
        let run = ReportRun(id: 5, name: "x", sweep: "s", params: ["status": .text("custom")])
        let records = try CSVReader.records(CSVExport.runs(ReportModel(sweeps: [], runs: [run])))
        let row = Dictionary(uniqueKeysWithValues: zip(records[0], records[1]))
        #expect(row["status"] == "succeeded" && row["param:status"] == "custom")
    }

    @Test("the metrics CSV is long format with every point, values exact, to a string and to a file")
    func metricsRoundTrip() throws {
        var model = SyntheticReport.model(runs: 3, points: 500)
        model.runs[0].name = "comma, \"quote\""
        var text = ""
        CSVExport.metrics(model, to: &text)
        let records = try CSVReader.records(text)
        #expect(records[0] == ["run_id", "run", "name", "step", "value"])
        let total = model.runs.reduce(0) { $0 + $1.series.values.reduce(0) { $0 + $1.count } }
        #expect(records.count == 1 + total)
        let first = try #require(
            records.first { $0[1] == "comma, \"quote\"" && $0[2] == "val/web/loss" && $0[3] == "1230" })
        let expected = model.runs[0].series["val/web/loss"]?.first { $0.step == 1230 }?.value
        #expect(Double(first[4]) == expected)

        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-metrics-\(UUID().uuidString).csv")
        #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forWritingTo: url)
        try CSVExport.metrics(model, to: handle)
        try handle.close()
        #expect(try String(contentsOf: url, encoding: .utf8) == text)
    }
}
