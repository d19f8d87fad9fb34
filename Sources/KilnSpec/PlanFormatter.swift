import Foundation

/// `kiln plan`'s outputs: a readable table, CSV and JSON, with a time estimate from a constant throughput.
package struct PlanFormatter: Sendable {
    /// Sustained training throughput of one run on one core, in GFLOP/s (6·N·D plus attention per second).
    /// Measured on a 2-core machine of Kiln's CI: `sweeps/quickstart.yaml` trained 3.68e12 FLOPs in 92
    /// core-seconds (40 GFLOP/s); 30 leaves room for evaluation and larger shapes. Override with `--gflops`.
    package static let defaultGFLOPS = 30.0

    /// The plan to print.
    package var plan: SweepPlan
    /// Throughput used for the estimate, in GFLOP/s.
    package var gflops: Double

    /// A formatter for `plan` estimating time at `gflops` GFLOP/s.
    package init(plan: SweepPlan, gflops: Double = Self.defaultGFLOPS) {
        self.plan = plan
        self.gflops = gflops
    }

    /// Seconds to train `flops` at `gflops`, runs one after another (no overlap, no evaluation or start-up costs).
    package func seconds(_ flops: Double) -> Double { Self.seconds(flops, at: gflops) }

    static func seconds(_ flops: Double, at gflops: Double) -> Double { flops / (gflops * 1e9) }

    /// The closing line of a table or a summary: FLOPs (and tokens), and the estimated time at `gflops`.
    static func total(flops: Double, tokens: Double? = nil, gflops: Double) -> String {
        String(
            format:
                "total: %.3e FLOPs%@; estimated %@ at %g GFLOP/s (runs in sequence; measure with 'kiln bench train', set with --gflops)\n",
            flops, tokens.map { ", \(si($0)) tokens" } ?? "", duration(seconds(flops, at: gflops)), gflops)
    }

    /// One line per run, then the totals.
    package func table() -> String {
        let header = ["ID", "PARAMS", "N", "TOKENS", "FLOPS", "FROM"]
        let rows = plan.runs.map { run in
            [
                run.id,
                run.swept.map { "\($0.name)=\(RunIdentity.compact($0.value))" }.joined(separator: " "),
                Self.si(Double(run.compute.parameters)), Self.si(Double(run.compute.tokens)),
                String(format: "%.2e", run.compute.flops),
                run.parent.map { "\($0.runID)@\($0.step.map(String.init) ?? "final")" } ?? "-",
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        var out =
            "sweep \(plan.name): \(plan.runs.count) runs in \(plan.stages.count) stage(s) (\(plan.stages.joined(separator: ", ")))\n"
        if !plan.description.isEmpty { out += plan.description.trimmingCharacters(in: .whitespacesAndNewlines) + "\n" }
        out += "\n" + line(header) + "\n" + rows.map(line).joined(separator: "\n") + "\n\n"
        for note in plan.notes { out += "note: \(note)\n" }
        out += Self.total(flops: plan.totalFLOPs, gflops: gflops)
        return out
    }

    /// A header row and one row per run: fixed columns, then every other parameter (mappings as JSON).
    package func csv() -> String {
        let fixed = [
            "id", "stage", "parent", "parent_step", "parameters", "compute_parameters", "tokens", "flops", "steps",
            "config_hash",
        ]
        let names = Set(plan.runs.flatMap(\.params.keys)).subtracting(fixed).sorted()
        var out = (fixed + names).map(Self.csvField).joined(separator: ",") + "\n"
        for run in plan.runs {
            let cells =
                [
                    run.id, run.stage, run.parent?.runID ?? "", run.parent?.step.map(String.init) ?? "",
                    "\(run.compute.parameters)", "\(run.compute.computeParameters)", "\(run.compute.tokens)",
                    "\(run.compute.flops)", "\(run.steps)", run.configHash,
                ]
                + names.map { run.params[$0]?.description ?? "" }
            out += cells.map(Self.csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    /// The plan as pretty JSON with `total_flops`, `gflops` and `estimated_seconds` (without the spec text).
    package func json() throws -> String {
        struct Document: Encodable {
            var name, description, spec_hash: String
            var stages: [String]
            var total_flops, gflops, estimated_seconds: Double
            var notes: [String]
            var runs: [PlannedRun]
        }
        let document = Document(
            name: plan.name, description: plan.description, spec_hash: plan.specHash, stages: plan.stages,
            total_flops: plan.totalFLOPs, gflops: gflops, estimated_seconds: seconds(plan.totalFLOPs),
            notes: plan.notes, runs: plan.runs)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    /// `1.2M`, `350k`, `3.1G`.
    static func si(_ value: Double) -> String {
        for (scale, suffix) in [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")] where value >= scale {
            return String(format: "%.3g%@", value / scale, suffix)
        }
        return String(format: "%.0f", value)
    }

    /// `45s`, `12m 05s`, `3h 20m`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return String(format: "%dm %02ds", s / 60, s % 60) }
        return String(format: "%dh %02dm", s / 3600, (s % 3600) / 60)
    }

    static func csvField(_ text: String) -> String {
        text.contains(where: { ",\"\n".contains($0) })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
