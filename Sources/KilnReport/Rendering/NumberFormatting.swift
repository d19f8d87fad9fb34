import Foundation

/// Number-to-text conversions for tables, ticks, CSV and SVG coordinates.
package enum NumberFormatting {
    /// Integral values below 2^53 without a decimal point, others in Swift's shortest round-trip form.
    static func plain(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 9.0e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// `value` to `digits` significant digits (like `%g`), for tables and tick labels.
    package static func significant(_ value: Double, digits: Int = 4) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "-∞") }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-3 {
            // 1.50e+18 → 1.5e18, 1.00e-05 → 1e-5.
            let text = String(format: "%.\(max(digits - 1, 0))e", value)
            guard let e = text.firstIndex(of: "e") else { return text }
            var mantissa = String(text[..<e])
            if mantissa.contains(".") {
                while mantissa.hasSuffix("0") { mantissa.removeLast() }
                if mantissa.hasSuffix(".") { mantissa.removeLast() }
            }
            let exponent = Int(text[text.index(after: e)...]) ?? 0
            return "\(mantissa)e\(exponent)"
        }
        return String(format: "%.\(digits)g", value)
    }

    /// A count with an SI suffix: 1.2K, 124M, 2.5B, 1.1T.
    static func count(_ value: Double) -> String {
        let magnitude = abs(value)
        for (scale, suffix) in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")] where magnitude >= scale {
            return String(format: "%.3g", value / scale) + suffix
        }
        return plain(value)
    }

    /// A duration in seconds as `1h02m`, `4m05s` or `12.3s`.
    package static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "" }
        let whole = Int(seconds.rounded())
        if whole >= 3600 { return String(format: "%dh%02dm", whole / 3600, (whole % 3600) / 60) }
        if whole >= 60 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%.1fs", seconds)
    }

    /// Appends `value` rounded to one decimal (`12.3`, `-4`, `7.5`) as ASCII bytes: SVG coordinates.
    static func appendCoordinate(_ value: Double, to out: inout [UInt8]) {
        var tenths = Int((value * 10).rounded())
        if tenths < 0 {
            out.append(UInt8(ascii: "-"))
            tenths = -tenths
        }
        appendDigits(tenths / 10, to: &out)
        let fraction = tenths % 10
        if fraction != 0 {
            out.append(UInt8(ascii: "."))
            out.append(UInt8(ascii: "0") + UInt8(fraction))
        }
    }

    private static func appendDigits(_ value: Int, to out: inout [UInt8]) {
        if value >= 10 { appendDigits(value / 10, to: &out) }
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
    }
}
