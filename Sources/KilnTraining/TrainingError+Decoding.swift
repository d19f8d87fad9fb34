extension TrainingError {
    /// A one-line account of a JSON decoding failure: the key path and what was wrong.
    package static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "" : "'\(keys.joined(separator: "."))': "
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context))missing key '\(key.stringValue)'"
        case .typeMismatch(let type, let context):
            return "\(path(context))expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context))expected \(type), found null"
        case .dataCorrupted(let context):
            return "\(path(context))\(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
