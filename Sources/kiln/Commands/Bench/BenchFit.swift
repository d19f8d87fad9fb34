import ArgumentParser
import Foundation
import KilnFit
import KilnProcess
import KilnProtocol

struct BenchFit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit", abstract: "Chinchilla Approach 3 fit time, or the loss-curve laws' (--schedule).",
        discussion: """
            Fits Approach 3 (Hoffmann et al.'s grid of 4,500 starts) to points sampled from the published law \
            with 1% log-normal noise, and times it; then times the same fit by SciPy (L-BFGS-B) on the same \
            points when python3 and scipy are available.

            With --schedule: draws per-step curves of 3 schedules (cosine, WSD, 8-1-1 multi-step) from each loss-curve \
            law with an initial transient and autocorrelated 1% noise, fits both laws, and reports their times and \
            how well the generating law's parameters are recovered.

            Examples: kiln bench fit --points 250 --repetitions 3
                      kiln bench fit --schedule --steps 100000
            """)

    @Option(help: "Data points to fit.") var points = 250
    @Option(help: "Timed repetitions (the best is reported).") var repetitions = 3
    @Option(help: "Seed of the sampled points.") var seed: UInt64 = 1
    @Option(help: "The SciPy reference script.") var script = "scripts/scipy_fit_reference.py"
    @Flag(help: "Skip the SciPy reference.") var noScipy = false
    @Flag(help: "Time the loss-curve laws on long per-step curves instead.") var schedule = false
    @Option(help: "--schedule: steps of each curve.") var steps = 100_000
    @Option(help: "--schedule: standard deviation of the log noise.") var noise = 0.01
    @Option(help: "--schedule: lag-one correlation of the log noise.") var correlation = 0.9
    @Option(help: "--schedule: bootstrap refits for intervals (0 for none).") var bootstrap = 0
    @Option(help: "--schedule: also write the curves to this CSV file (one file per generating law).") var csvOut:
        String?

    func run() async throws {
        if schedule { return try runSchedule() }
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
        print(
            "Approach 3: \(options.grid.count) starts on \(points) points, \(ProcessInfo.processInfo.activeProcessorCount) threads"
        )
        print(
            "  kiln:  best \(formatted(times.min()!)) s of \(times.count) (all: \(times.map(formatted).joined(separator: ", ")) s)"
        )
        print(
            "         " + result.estimates.prefix(5).map { "\($0.name)=\(formatted($0.value))" }.joined(separator: " ")
                + " objective=\(formatted(result.loss ?? .nan))")
        guard !noScipy else { return }
        print("  scipy: " + scipyReference(csv: data.csv()))
    }

    /// Runs the SciPy script on the same points; returns its timing line or why it was skipped.
    private func scipyReference(csv: String) -> String {
        guard FileManager.default.fileExists(atPath: script) else {
            return "skipped (no \(script); run from the repository root)"
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-bench-fit-\(getpid()).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        do { try csv.write(to: file, atomically: true, encoding: .utf8) } catch { return "skipped (\(error))" }
        let reference: ProcessOutput
        do throws(LaunchError) {
            let launch = ProcessLaunch(["python3", script, file.path], stdin: .null, stderr: .file("/dev/null"))
            reference = try launch.output()
        } catch {
            return "skipped (python3 not found: \(error.reason))"
        }
        let text = reference.stdout
        guard reference.termination == .exited(0),
            let object = try? JSONValue(parsing: text),
            let seconds = object["seconds"]?.doubleValue, let parameters = object["parameters"]?.numberMembers
        else {
            return "skipped (python3 or scipy unavailable: \(text.trimmingCharacters(in: .whitespacesAndNewlines)))"
        }
        let names = ["E", "A", "B", "alpha", "beta"]
        return "\(formatted(seconds)) s (scipy.optimize.minimize L-BFGS-B, same starts and points)\n         "
            + names.map { "\($0)=\(formatted(parameters[$0] ?? .nan))" }.joined(separator: " ")
            + " objective=\(formatted(object["loss"]?.doubleValue ?? .nan))"
    }
}
