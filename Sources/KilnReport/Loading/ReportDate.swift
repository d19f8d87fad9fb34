import Foundation

/// How the report dates a saved fit.
enum ReportDate {
    /// `seconds` since 1970 as a UTC date and minute, e.g. `2026-03-14 09:26 UTC`.
    static func text(_ seconds: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
