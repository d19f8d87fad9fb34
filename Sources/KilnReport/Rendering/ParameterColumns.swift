/// Which parameters tell a report's runs apart: the summary's parameter columns and the charts against
/// swept parameters. A parameter that groups the runs exactly as another one does (`schedule.peak` and
/// `schedule.shape` beside `lr` and `schedule.kind`) follows that one: it gets no column and no chart of
/// its own, and the summary names its values per value of the one it follows.
struct ParameterColumns {
    /// A parameter that groups the runs exactly as `leader` does.
    struct Follower {
        var key: String
        var leader: String
        /// Whether its value equals the leader's in every run (`schedule.peak` = `lr`).
        var isCopy: Bool
    }

    /// Parameters that tell runs apart, each grouping them differently: plain names (`lr`) before dotted
    /// ones (`schedule.kind`).
    var varying: [String] = []
    /// Parameters every run has with one value.
    var shared: [(key: String, value: ParameterValue)] = []
    /// Varying parameters that group the runs as one of `varying` does.
    var followers: [Follower] = []

    /// Sorts the parameters of `runs`, leaving out those named in `excluded` (lowercased).
    init(_ runs: [ReportRun], excluding excluded: Set<String> = []) {
        let keys = Set(runs.flatMap(\.params.keys)).filter { !excluded.contains($0.lowercased()) }
        guard runs.count > 1 else {
            varying = keys.sorted(by: Self.displayOrder)
            return
        }
        // Among parameters grouping runs alike the column goes to a plain name, then one every run has, then
        // text (a kind names the group; its numbers follow from it), then the first by name.
        let valuesByKey = Dictionary(uniqueKeysWithValues: keys.map { key in (key, runs.map { $0.params[key] }) })
        func preference(_ key: String) -> (Int, Int, Int, String) {
            let values = valuesByKey[key] ?? []
            return (
                key.contains(".") ? 1 : 0, values.contains(nil) ? 1 : 0,
                values.contains { $0?.number != nil } ? 1 : 0, key
            )
        }
        var leaders: [[Int]: String] = [:]
        for key in keys.sorted(by: { preference($0) < preference($1) }) {
            let values = valuesByKey[key] ?? []
            guard Set(values).count > 1 else {
                if let value = values[0] { shared.append((key, value)) }
                continue
            }
            let grouping = Self.grouping(values)
            if let leader = leaders[grouping] {
                followers.append(
                    Follower(key: key, leader: leader, isCopy: runs.allSatisfy { $0.params[key] == $0.params[leader] }))
            } else {
                leaders[grouping] = key
                varying.append(key)
            }
        }
        varying.sort(by: Self.displayOrder)
        shared.sort { Self.displayOrder($0.key, $1.key) }
        followers.sort { Self.displayOrder($0.key, $1.key) }
    }

    /// The varying parameters that take at least two values among `runs` (absent values aside): those a
    /// chart of a metric against the parameter can spread out.
    func charted(_ runs: [ReportRun]) -> [String] {
        varying.filter { key in Set(runs.compactMap { $0.params[key] }).count > 1 }
    }

    /// One line per leader naming its followers' values for each of its values, e.g.
    /// `with schedule.kind = wsd: schedule.decay = 240, schedule.shape = 1-sqrt`; copies as `schedule.peak = lr`.
    func followerLines(_ runs: [ReportRun]) -> [String] {
        var lines: [String] = []
        let copies = followers.filter(\.isCopy).map { "\($0.key) = \($0.leader)" }
        if !copies.isEmpty { lines.append("Equal in every run: " + copies.joined(separator: ", ")) }
        let others = followers.filter { !$0.isCopy }
        for leader in varying where others.contains(where: { $0.leader == leader }) {
            let keys = others.filter { $0.leader == leader }.map(\.key)
            var seen: Set<ParameterValue?> = []
            for run in runs where seen.insert(run.params[leader]).inserted {
                let values = keys.compactMap { key in run.params[key].map { "\(key) = \($0.description)" } }
                guard !values.isEmpty else { continue }
                let label = run.params[leader].map { "\(leader) = \($0.description)" } ?? "no \(leader)"
                lines.append("With \(label): " + values.joined(separator: ", "))
            }
        }
        return lines
    }

    /// Plain names before dotted ones, then by name.
    private static func displayOrder(_ a: String, _ b: String) -> Bool {
        (a.contains(".") ? 1 : 0, a) < (b.contains(".") ? 1 : 0, b)
    }

    /// The runs' values relabelled by first appearance (`[x, y, x]` → `[0, 1, 0]`): equal for two
    /// parameters exactly when they group the runs alike.
    private static func grouping(_ values: [ParameterValue?]) -> [Int] {
        var labels: [ParameterValue?: Int] = [:]
        return values.map { value in
            if let label = labels[value] { return label }
            labels[value] = labels.count
            return labels.count - 1
        }
    }
}
