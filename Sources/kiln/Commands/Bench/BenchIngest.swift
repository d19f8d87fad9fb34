import ArgumentParser
import Foundation
import KilnStore

struct BenchIngest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest", abstract: "Metric ingestion rows/s against psql \\copy of the same rows.",
        discussion: "Example: kiln bench ingest --rows 1000000")

    @OptionGroup var store: StoreOptions
    @Option(help: "Rows to load.") var rows = 1_000_000
    @Option(help: "Points per ingest call.") var batch = 100_000
    @Option(help: "Measurements of each path; the median is compared.") var repeats = 3

    func run() async throws {
        let connection = try store.connect(applicationName: "kiln-bench")
        let benchmark = IngestBenchmark(rows: rows, batch: batch)
        var kiln: [IngestBenchmark.Measurement] = [], psql: [IngestBenchmark.Measurement] = []
        for attempt in 1...repeats {
            // Alternate the order so neither path always runs on a warmer cache.
            if attempt % 2 == 1 {
                kiln.append(try benchmark.measureKiln(connection))
                psql.append(try benchmark.measurePsql(connection))
            } else {
                psql.append(try benchmark.measurePsql(connection))
                kiln.append(try benchmark.measureKiln(connection))
            }
            print("run \(attempt): kiln \(format(kiln.last!))   psql \\copy \(format(psql.last!))")
        }
        let kilnMedian = median(kiln), psqlMedian = median(psql)
        print(
            "median: kiln \(Int(kilnMedian)) rows/s, psql \\copy \(Int(psqlMedian)) rows/s, ratio \(String(format: "%.2f", kilnMedian / psqlMedian))"
        )
    }

    private func format(_ m: IngestBenchmark.Measurement) -> String {
        String(format: "%.3f s (%.0f rows/s)", m.seconds, m.rowsPerSecond)
    }

    private func median(_ values: [IngestBenchmark.Measurement]) -> Double {
        let sorted = values.map(\.rowsPerSecond).sorted()
        return sorted[sorted.count / 2]
    }
}
