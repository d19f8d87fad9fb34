import Foundation
import KilnStore

/// CSV exports (RFC 4180: comma-separated, CRLF line ends, fields quoted when they contain a comma, a quote,
/// CR or LF, quotes doubled) that pandas' `read_csv` reads as they are.
package enum CSVExport {
    /// Fixed leading columns of ``runs(_:)``; parameter columns follow, then `final:<metric>` columns.
    package static let runColumns = [
        "run_id", "run", "sweep", "stage", "status", "parent_run_id", "params_count", "tokens", "flops",
        "wall_time_seconds",
    ]

    /// One row per run: the fixed columns, every parameter as a column (sorted by name; a parameter whose
    /// name collides with a fixed column is prefixed `param:`), then each final metric as `final:<name>`.
    /// Numbers are written in Swift's shortest round-trip form; missing values are empty fields.
    package static func runs(_ model: ReportModel) -> String {
        let paramKeys = Set(model.runs.flatMap(\.params.keys)).sorted()
        let metricNames = MetricNames.ordered(model.runs.flatMap(\.finalMetrics.keys))
        let fixed = Set(runColumns)
        var out = ""
        let header =
            runColumns + paramKeys.map { fixed.contains($0) ? "param:\($0)" : $0 }
            + metricNames.map { "final:\($0)" }
        appendRecord(header, to: &out)
        for run in model.runs {
            var fields: [String] = [String(run.id), run.name, run.sweep, run.stage, run.status.rawValue]
            fields.append(run.parentRunID.map { String($0) } ?? "")
            fields.append(run.parameterCount.map { String($0) } ?? "")
            fields.append(run.tokens.map { String($0) } ?? "")
            fields.append(run.flops.map { NumberFormatting.plain($0) } ?? "")
            fields.append(run.wallTimeSeconds.map { "\($0)" } ?? "")
            fields += paramKeys.map { run.params[$0]?.description ?? "" }
            fields += metricNames.map { run.finalMetrics[$0].map { "\($0)" } ?? "" }
            appendRecord(fields, to: &out)
        }
        return out
    }

    /// Every metric point in long format, `run_id,run,name,step,value`, runs in model order and metrics
    /// in report order; written to `stream` record by record (no point is dropped or downsampled).
    package static func metrics(_ model: ReportModel, to stream: inout some TextOutputStream) {
        var record = ""
        appendRecord(["run_id", "run", "name", "step", "value"], to: &record)
        stream.write(record)
        for run in model.runs {
            let runID = String(run.id)
            let runName = field(run.name)
            for name in MetricNames.ordered(run.series.keys) {
                let prefix = runID + "," + runName + "," + field(name) + ","
                for point in run.series[name] ?? [] {
                    stream.write(prefix + String(point.step) + "," + "\(point.value)" + "\r\n")
                }
            }
        }
    }

    /// ``metrics(_:to:)`` written to `file` through a 1 MB buffer.
    package static func metrics(_ model: ReportModel, to file: FileHandle) throws {
        var buffer = FileBuffer(file: file)
        metrics(model, to: &buffer)
        try buffer.flush()
    }

    /// `text` as one CSV field: quoted (with quotes doubled) when it holds a comma, a quote, CR or LF.
    package static func field(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func appendRecord(_ fields: [String], to out: inout String) {
        out += fields.map(field).joined(separator: ",")
        out += "\r\n"
    }
}

/// A `TextOutputStream` that collects UTF-8 and writes it to a file in large chunks.
struct FileBuffer: TextOutputStream {
    var file: FileHandle
    var bytes: [UInt8] = []
    var failure: (any Error)? = nil

    init(file: FileHandle) {
        self.file = file
        bytes.reserveCapacity(1 << 20)
    }

    mutating func write(_ string: String) {
        bytes.append(contentsOf: string.utf8)
        if bytes.count >= 1 << 20 { try? flush() }
    }

    /// Writes what is buffered; rethrows the first write error met so far.
    mutating func flush() throws {
        if failure == nil, !bytes.isEmpty {
            do { try file.write(contentsOf: bytes) } catch { failure = error }
        }
        bytes.removeAll(keepingCapacity: true)
        if let failure { throw failure }
    }
}
