import Foundation

/// A plan's size and cost without a line per run, accumulated run by run as the plan streams: what
/// `kiln plan` prints above `listingLimit` runs and with `--summary`.
package struct PlanSummary: Sendable {
    /// Above this many runs `kiln plan` prints this summary unless asked for every line (`--all`).
    package static let listingLimit = 10_000
    /// Above this many runs `kiln run` asks for `--yes`.
    package static let confirmationLimit = 100_000

    /// The sweep's name.
    package var name: String
    package var description: String
    /// Stage names in order.
    package var stages: [String]
    /// Runs per stage.
    package private(set) var runsPerStage: [String: Int] = [:]
    /// Runs in all.
    package private(set) var count = 0
    /// Sum of every run's training FLOPs.
    package private(set) var totalFLOPs = 0.0
    /// Sum of every run's training tokens.
    package private(set) var totalTokens = 0.0
    /// Each swept parameter's values, in the order parameters first appear.
    package private(set) var parameters: [ParameterValues] = []
    /// The plan's notes.
    package var notes: [String] = []

    /// An empty summary of `spec`'s plan.
    package init(spec: SweepSpec) {
        name = spec.name
        description = spec.description
        stages = spec.stages.map(\.name)
    }

    /// Counts `run` in.
    package mutating func add(_ run: PlannedRun) {
        count += 1
        runsPerStage[run.stage, default: 0] += 1
        totalFLOPs += run.compute.flops
        totalTokens += Double(run.compute.tokens)
        for assignment in run.swept {
            if let index = parameters.firstIndex(where: { $0.name == assignment.name }) {
                parameters[index].add(assignment.value)
            } else {
                var values = ParameterValues(name: assignment.name)
                values.add(assignment.value)
                parameters.append(values)
            }
        }
    }

    /// The summary as `kiln plan` prints it, with an estimate at `gflops` GFLOP/s.
    package func text(gflops: Double = PlanFormatter.defaultGFLOPS) -> String {
        var out = "sweep \(name): \(Self.grouped(count)) runs in \(stages.count) stage(s)\n"
        if !description.isEmpty { out += description.trimmingCharacters(in: .whitespacesAndNewlines) + "\n" }
        out += "\nruns per stage:\n"
        let stageWidth = stages.map(\.count).max() ?? 0
        for stage in stages {
            out +=
                "  " + stage.padding(toLength: stageWidth, withPad: " ", startingAt: 0)
                + "  \(Self.grouped(runsPerStage[stage] ?? 0))\n"
        }
        let varying = parameters.filter { $0.distinct != 1 }
        if !varying.isEmpty {
            out += "\nvarying parameters:\n"
            let width = varying.map(\.name.count).max() ?? 0
            for parameter in varying {
                out +=
                    "  " + parameter.name.padding(toLength: width, withPad: " ", startingAt: 0)
                    + "  \(parameter.summary)\n"
            }
        }
        out += "\n"
        for note in notes.prefix(20) { out += "note: \(note)\n" }
        if notes.count > 20 { out += "note: … and \(Self.grouped(notes.count - 20)) more notes\n" }
        out += PlanFormatter.total(flops: totalFLOPs, tokens: totalTokens, gflops: gflops)
        return out
    }

    /// `1,000,000`.
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return (number < 0 ? "-" : "") + out
    }
}

/// The values one swept parameter takes across a plan: exactly how many up to `countLimit`, the
/// first few as written, and the numeric range.
package struct ParameterValues: Sendable {
    /// Distinct values counted exactly up to this many.
    package static let countLimit = 10_000
    /// Values listed by name up to this many.
    static let listLimit = 8

    /// The parameter's name.
    package var name: String
    private var seen: Set<ParamValue> = []
    private var counting = true
    /// The first values in the order they appear (at most `listLimit`).
    package private(set) var firstValues: [ParamValue] = []
    /// The smallest and largest numeric value.
    package private(set) var range: ClosedRange<Double>?

    init(name: String) { self.name = name }

    /// The number of distinct values, nil when there are more than `countLimit`.
    package var distinct: Int? { counting ? seen.count : nil }

    mutating func add(_ value: ParamValue) {
        if let number = value.number {
            range = range.map { min($0.lowerBound, number)...max($0.upperBound, number) } ?? number...number
        }
        guard counting, seen.insert(value).inserted else { return }
        if firstValues.count < Self.listLimit { firstValues.append(value) }
        if seen.count > Self.countLimit {
            counting = false
            seen = []
        }
    }

    /// `3 values: cosine, wsd, constant`, `100 values from 0.0001 to 0.01`, `more than 10,000 values from 1e-05 to 0.1`.
    var summary: String {
        let count =
            distinct.map { "\(PlanSummary.grouped($0)) values" }
            ?? "more than \(PlanSummary.grouped(Self.countLimit)) values"
        if let range, distinct.map({ $0 > Self.listLimit }) ?? true {
            return
                "\(count) from \(RunIdentity.compact(.double(range.lowerBound))) to \(RunIdentity.compact(.double(range.upperBound)))"
        }
        let listed = firstValues.map(RunIdentity.compact).joined(separator: ", ")
        return "\(count): " + listed + ((distinct ?? .max) > firstValues.count ? ", …" : "")
    }
}

extension PlanSummary {
    /// Expands `spec` for `kiln plan`: the whole plan (and its summary) when it has at most `limit`
    /// runs, else only the summary, accumulated as the runs stream by without their identities.
    package static func expand(_ spec: SweepSpec, project: ProjectFolder?, keepingAtMost limit: Int) throws(SpecError)
        -> (summary: PlanSummary, plan: SweepPlan?)
    {
        let expansion = SweepExpansion(spec: spec, project: project)
        var summary = PlanSummary(spec: spec)
        if limit > 0, try expansion.count(upTo: limit + 1) <= limit {
            let plan = try SweepPlan(spec: spec, project: project)
            plan.runs.forEach { summary.add($0) }
            summary.notes = plan.notes
            return (summary, plan)
        }
        summary.notes = try expansion.forEach(identified: false) { run in
            summary.add(run)
            return true
        }
        return (summary, nil)
    }
}
