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

    func run() async throws {
        let benchmark = TrainBenchmark(steps: steps)
        let peaks = Dictionary(uniqueKeysWithValues: [1, 2].map { ($0, TrainBenchmark.sgemmPeak(threads: $0)) })
        if !json {
            print(String(format: "sgemm peak (512³, OpenBLAS %@ kernels): %.1f GFLOP/s with 1 thread, %.1f with 2",
                         blasCoreName, peaks[1]!, peaks[2]!))
            print("layers heads width context batch threads   tokens/s   GFLOP/s  of peak   ms/step")
        }
        for item in TrainBenchmark.standardCases {
            let result = benchmark.measure(item, peak: peaks[item.threads]!)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            } else {
                print(String(format: "%6d %5d %5d %7d %5d %7d %10.0f %9.1f %7.1f%% %9.1f", result.layers, result.heads,
                             result.width, result.context, result.batch, result.threads, result.tokensPerSecond,
                             result.gflops, 100 * result.peakFraction, result.milliseconds))
            }
        }
    }
}
