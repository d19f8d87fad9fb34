import Foundation
import KilnProtocol

/// Kiln's one rule for the metric a scaling fit and a report rank runs by when none is named: the loss
/// on the first eval set the spec lists that the runs logged, else the first `val/<set>/loss` by name.
package enum DefaultMetric {
    /// The default validation loss among `names`, `nil` when no `val/<set>/loss` is among them.
    package static func validationLoss(among names: some Sequence<String>, evalSets: [String]) -> String? {
        let losses = Set(names.filter { $0.hasPrefix("val/") && $0.hasSuffix("/loss") })
        return evalSets.lazy.map { "val/\($0)/loss" }.first(where: losses.contains) ?? losses.min()
    }

    /// The eval sets of a run whose parameters are the store's JSON object (`runs.params`): see
    /// ``evalSets(eval:mixture:)``.
    package static func evalSets(params: String) -> [String] {
        let object = try? JSONValue(parsing: params)
        return evalSets(eval: object?["eval"], mixture: object?["data"]?["mixture"])
    }

    /// The eval sets of a run whose `eval` and `data.mixture` parameters are given as their JSON text.
    package static func evalSets(evalJSON: String?, mixtureJSON: String?) -> [String] {
        func parsed(_ text: String?) -> JSONValue? { text.flatMap { try? JSONValue(parsing: $0) } }
        return evalSets(eval: parsed(evalJSON), mixture: parsed(mixtureJSON))
    }

    /// The names in `eval` (a list of `{"name": …}`) in the spec's order; without one, the main source of the
    /// training data (the heaviest `source` of `mixture`, a list of `{"source": …, "weight": …}`).
    private static func evalSets(eval: JSONValue?, mixture: JSONValue?) -> [String] {
        let sets = (eval?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        if !sets.isEmpty { return sets }
        let sources = mixture?.arrayValue ?? []
        let main = sources.max { ($0["weight"]?.doubleValue ?? 1) < ($1["weight"]?.doubleValue ?? 1) }?["source"]?
            .stringValue
        return main.map { [$0] } ?? []
    }
}
