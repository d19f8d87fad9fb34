/// Which parameters tell a report's runs apart: the summary's parameter columns and the charts against
/// swept parameters.
struct ParameterColumns {
    /// Parameters whose value (or presence) differs between runs, plain names (`lr`) before dotted ones
    /// (`schedule.peak`), each distinct from every other in some run.
    var varying: [String] = []
    /// Parameters every run has with one value.
    var shared: [(key: String, value: ParameterValue)] = []
    /// Varying parameters left out because every run has the same value for them as for `of`
    /// (`schedule.peak` and `lr` when the schedule's peak is the swept learning rate).
    var copies: [(key: String, of: String)] = []

    /// Sorts the parameters of `runs`, leaving out those named in `excluded` (lowercased).
    init(_ runs: [ReportRun], excluding excluded: Set<String> = []) {
        let keys = Set(runs.flatMap(\.params.keys)).filter { !excluded.contains($0.lowercased()) }
            .sorted { ($0.contains(".") ? 1 : 0, $0) < ($1.contains(".") ? 1 : 0, $1) }
        for key in keys {
            let values = runs.map { $0.params[key] }
            if runs.count > 1, Set(values).count == 1 {
                if let value = values[0] { shared.append((key, value)) }
            } else if runs.count > 1, let original = varying.first(where: { other in runs.allSatisfy { $0.params[other] == $0.params[key] } }) {
                copies.append((key, original))
            } else {
                varying.append(key)
            }
        }
    }

    /// The varying parameters that take at least two values among `runs` (absent values aside): those a
    /// chart of a metric against the parameter can spread out.
    func charted(_ runs: [ReportRun]) -> [String] {
        varying.filter { key in Set(runs.compactMap { $0.params[key] }).count > 1 }
    }
}
