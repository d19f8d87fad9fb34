import ArgumentParser
import Foundation
import KilnTraining

struct BenchTrain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Training tokens/s and GFLOP/s.",
        discussion: """
            Times full training steps (forward, backward, clipping, AdamW) of the model on random bytes for \
            (layers, heads, width, context, batch) = (2,2,64,64,32), (4,4,128,128,16), (6,6,192,128,16), \
            (8,8,256,256,8), each with 1 and 2 BLAS threads, and compares the achieved GFLOP/s with this \
            machine's sgemm peak (512³) at the same thread count.

            Example:
              kiln bench train --steps 20 --json
            """)

    @Flag(help: "Print one JSON object per configuration and thread count.")
    var json = false

    @Option(help: "Timed steps per configuration (after one warm-up step).")
    var steps = 10

    @Option(help: "Only this shape, as layers,heads,width,context,batch (repeatable).")
    var shape: [String] = []

    @Option(help: "Only these BLAS thread counts (repeatable).")
    var threads: [Int] = [1, 2]

    func validate() throws {
        for text in shape where text.split(separator: ",").compactMap({ Int($0) }).count != 5 {
            throw ValidationError("--shape '\(text)' must be five integers: layers,heads,width,context,batch")
        }
        if threads.contains(where: { $0 < 1 }) { throw ValidationError("--threads must be at least 1") }
    }

    private var cases: [TrainBenchmark.Case] {
        let shapes =
            shape.isEmpty
            ? TrainBenchmark.standardShapes
            : shape.map { $0.split(separator: ",").compactMap { Int($0) } }
        return shapes.flatMap { s in
            threads.map {
                TrainBenchmark.Case(layers: s[0], heads: s[1], width: s[2], context: s[3], batch: s[4], threads: $0)
            }
        }
    }

    func run() async throws {
        let benchmark = TrainBenchmark(steps: steps)
        let peaks = Dictionary(uniqueKeysWithValues: Set(threads).map { ($0, TrainBenchmark.sgemmPeak(threads: $0)) })
        if !json {
            let peakText = peaks.sorted { $0.key < $1.key }.map {
                String(format: "%.1f GFLOP/s with %d thread(s)", $0.value, $0.key)
            }
            print("sgemm peak (512³, OpenBLAS \(blasCoreName) kernels): \(peakText.joined(separator: ", "))")
            print("layers heads width context batch threads   tokens/s   GFLOP/s  of peak   ms/step")
        }
        for item in cases {
            let result = benchmark.measure(item, peak: peaks[item.threads]!)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            } else {
                print(
                    String(
                        format: "%6d %5d %5d %7d %5d %7d %10.0f %9.1f %7.1f%% %9.1f", result.layers, result.heads,
                        result.width, result.context, result.batch, result.threads, result.tokensPerSecond,
                        result.gflops, 100 * result.peakFraction, result.milliseconds))
            }
        }
    }
}
