import KilnFit
import KilnProtocol
import KilnStore

extension SweepAnalysis {
    /// Each succeeded continual-pretraining run's final general and domain losses, planned N and D and domain
    /// ratio r (the domain source's weight over the mixture's total). Runs with a parent are used when the
    /// sweep has any (the pretraining runs they start from are not mixture points); runs whose data changes
    /// during training (`phases:`) are left out. The metrics default to the losses on the spec's first and
    /// second eval sets; the domain source is the domain metric's set (`val/code/loss`: `code`).
    package func mixtureInputs(sweep: SweepRecord, generalMetric: String?, domainMetric: String?) throws
        -> MixtureInputs
    {
        let store = RunStore(connection: connection), metrics = MetricStore(connection: connection)
        let accounting = try store.accounting(sweepID: sweep.id)
        let succeeded = try store.runs(sweepID: sweep.id).filter { $0.status == .succeeded }
        let continued = succeeded.contains { $0.parentRunID != nil }
        let runs = succeeded.filter { !continued || $0.parentRunID != nil }
        let evalSets = runs.first.map { DefaultMetric.evalSets(params: $0.params) } ?? []
        guard let general = generalMetric ?? evalSets.first.map({ "val/\($0)/loss" }),
            let domain = domainMetric ?? (evalSets.count > 1 ? "val/\(evalSets[1])/loss" : nil)
        else {
            throw AnalysisError(
                "the runs of sweep '\(sweep.name)' have fewer than two eval sets; name the losses with "
                    + "--metric-general and --metric-domain")
        }
        guard let source = Self.evalSet(of: domain) else {
            throw AnalysisError(
                "the domain metric '\(domain)' is not a validation loss 'val/<source>/loss', so it names no "
                    + "mixture source to take the ratio of")
        }
        var points: [MixturePoint] = [], logged = Set<String>(), sources = Set<String>()
        for run in runs {
            let finals = try metrics.finalValues(runID: run.id)
            logged.formUnion(finals.keys)
            guard let mixture = Self.mixture(run.params) else { continue }
            sources.formUnion(mixture.keys)
            guard let n = accounting[run.id]?.parameters, let d = accounting[run.id]?.tokens,
                let generalLoss = finals[general], let domainLoss = finals[domain]
            else { continue }
            let total = mixture.values.reduce(0, +)
            points.append(
                MixturePoint(
                    params: Double(n), tokens: Double(d), ratio: (mixture[source] ?? 0) / total,
                    generalLoss: generalLoss, domainLoss: domainLoss))
        }
        for metric in [general, domain] where !logged.contains(metric) {
            throw AnalysisError(
                "no run of sweep '\(sweep.name)' logged '\(metric)'"
                    + (logged.isEmpty ? "" : " (metrics: \(logged.sorted().joined(separator: ", ")))"))
        }
        guard sources.contains(source) else {
            throw AnalysisError(
                "no run of sweep '\(sweep.name)' trains on a mixture with '\(source)', the domain metric's source"
                    + (sources.isEmpty ? "" : " (sources: \(sources.sorted().joined(separator: ", ")))")
                    + "; the D-CPT law needs runs at several ratios of it")
        }
        return MixtureInputs(
            data: try MixtureData(points: points, source: "sweep \(sweep.name)"), generalMetric: general,
            domainMetric: domain, domainSource: source)
    }

    /// `set` of a metric `val/<set>/loss`.
    static func evalSet(of metric: String) -> String? {
        guard metric.hasPrefix("val/"), metric.hasSuffix("/loss") else { return nil }
        let set = metric.dropFirst(4).dropLast(5)
        return set.isEmpty || set.contains("/") ? nil : String(set)
    }

    /// Source → weight of a run's fixed `data` mixture (its parameters' JSON object); nil when the data
    /// changes during training (`phases`) or is absent.
    static func mixture(_ params: String) -> [String: Double]? {
        guard let data = (try? JSONValue(parsing: params))?["data"], data["phases"]?.arrayValue?.isEmpty ?? true,
            let components = data["mixture"]?.arrayValue
        else { return nil }
        var weights: [String: Double] = [:]
        for component in components {
            guard let source = component["source"]?.stringValue else { continue }
            weights[source, default: 0] += component["weight"]?.doubleValue ?? 1
        }
        return weights.values.reduce(0, +) > 0 ? weights : nil
    }
}
