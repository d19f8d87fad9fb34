import ArgumentParser
import Foundation
import KilnFit
import KilnProtocol

struct BenchFit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit", abstract: "Chinchilla Approach 3 fit time.",
        discussion: """
            Fits Approach 3 (Hoffmann et al.'s grid of 4,500 starts) to points sampled from the published law \
            with 1% log-normal noise, and times it; then times the same fit by SciPy (L-BFGS-B) on the same \
            points when python3 and scipy are available.

            Example: kiln bench fit --points 250 --repetitions 3
            """)

    @Option(help: "Data points to fit.") var points = 250
    @Option(help: "Timed repetitions (the best is reported).") var repetitions = 3
    @Option(help: "Seed of the sampled points.") var seed: UInt64 = 1
    @Option(help: "The SciPy reference script.") var script = "scripts/scipy_fit_reference.py"
    @Flag(help: "Skip the SciPy reference.") var noScipy = false

    func run() async throws {
        let data = ScalingData.sample(from: .hoffmann, count: points, noise: 0.01, seed: seed)
        let options = ChinchillaFit.Options()
        var times: [Double] = []
        var result: ChinchillaResult?
        for _ in 0..<max(1, repetitions) {
            let began = Date()
            result = try ChinchillaFit.fit(data, options: options)
            times.append(Date().timeIntervalSince(began))
        }
        guard let result else { return }
        print("Approach 3: \(options.grid.count) starts on \(points) points, \(ProcessInfo.processInfo.activeProcessorCount) threads")
        print("  kiln:  best \(formatted(times.min()!)) s of \(times.count) (all: \(times.map(formatted).joined(separator: ", ")) s)")
        print("         " + result.estimates.prefix(5).map { "\($0.name)=\(formatted($0.value))" }.joined(separator: " ")
            + " objective=\(formatted(result.loss ?? .nan))")
        guard !noScipy else { return }
        print("  scipy: " + scipyReference(csv: data.csv()))
    }

    /// Runs the SciPy script on the same points; returns its timing line or why it was skipped.
    private func scipyReference(csv: String) -> String {
        guard FileManager.default.fileExists(atPath: script) else { return "skipped (no \(script); run from the repository root)" }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-bench-fit-\(getpid()).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        do { try csv.write(to: file, atomically: true, encoding: .utf8) } catch { return "skipped (\(error))" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return "skipped (python3 not found: \(error))" }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let object = try? JSONValue(parsing: text),
              let seconds = object["seconds"]?.doubleValue, let parameters = object["parameters"]?.numberMembers
        else { return "skipped (python3 or scipy unavailable: \(text.trimmingCharacters(in: .whitespacesAndNewlines)))" }
        let names = ["E", "A", "B", "alpha", "beta"]
        return "\(formatted(seconds)) s (scipy.optimize.minimize L-BFGS-B, same starts and points)\n         "
            + names.map { "\($0)=\(formatted(parameters[$0] ?? .nan))" }.joined(separator: " ")
            + " objective=\(formatted(object["loss"]?.doubleValue ?? .nan))"
    }
}
