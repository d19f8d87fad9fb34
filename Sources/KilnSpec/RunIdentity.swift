import Foundation
import KilnProtocol

/// Stable run identity: a readable tag from the swept parameters plus a hash of the resolved configuration.
enum RunIdentity {
    /// The identity hash of `text` (a spec's text, a run's canonical configuration): FNV-1a 64 as 16
    /// lowercase hex digits (`KilnProtocol.FNV1a`, whose values never change).
    static func hash(_ text: String) -> String { FNV1a.hex(text) }

    /// `<stage>-<tag>-<first 10 hex digits of the hash>`.
    static func id(stage: String, tag: String, configHash: String) -> String {
        "\(stage)-\(tag.isEmpty ? "run" : tag)-\(configHash.prefix(10))"
    }

    /// A population member's first segment: `<stage>-m<member>-g0-<hash>`, the form the scheduler
    /// names later segments in (`g1`, `g2`, …).
    static func populationID(stage: String, entry run: PlannedRun) -> String {
        id(stage: stage, tag: "m\(run.member ?? 0)-g0", configHash: run.configHash)
    }

    /// A short readable tag such as `lr0.003_shape1-sqrt_seed1`, at most 48 characters of `[A-Za-z0-9._+-]`.
    static func tag(_ parts: [(name: String, value: ParamValue)]) -> String {
        let text = parts.map { name, value in
            let short = name.split(separator: ".").last.map(String.init) ?? name
            return short + compact(value)
        }.joined(separator: "_")
        let safe = String(text.map { $0.isLetter || $0.isNumber || "._+-".contains($0) ? $0 : "_" })
        return String(safe.prefix(48))
    }

    /// A value in few characters: `%g` for numbers; a schedule's `kind` (and `shape`); a mixture's sources.
    static func compact(_ value: ParamValue) -> String {
        switch value {
        case .int(let number): return "\(number)"
        case .double(let number): return String(format: "%g", number).replacingOccurrences(of: "+", with: "")
        case .string(let text): return text
        case .bool(let flag): return flag ? "on" : "off"
        case .list(let items): return items.map(compact).joined(separator: ",")
        case .object(let fields):
            if case .string(let kind)? = fields["kind"] {
                return [kind, fields["shape"].map(compact)].compactMap { $0 }.joined(separator: "-")
            }
            if fields["mixture"] != nil { return "phased" }
            return fields.keys.sorted().joined(separator: "+")
        }
    }
}
