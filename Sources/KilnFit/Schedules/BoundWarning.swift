/// The warning for a parameter a fit left on a bound of its parameterisation: the data do not determine it, so
/// its value (and a bootstrap interval, which collapses onto the bound) says nothing about the runs.
enum BoundWarning {
    /// E.g. "γ hit its bound 1: these curves do not identify γ".
    static func message(_ name: String, bound: String) -> String {
        let symbol = ["alpha": "α", "beta": "β", "gamma": "γ", "lambda": "λ"][name] ?? name
        return "\(symbol) hit its bound \(bound): these curves do not identify \(symbol)"
    }

    /// `message` for a numeric bound.
    static func message(_ name: String, bound: Double) -> String { message(name, bound: formatted(bound)) }
}
