import Foundation

extension RunRecord {
    /// GPUs the run needs: its `gpus` parameter (a whole number, default 0), like `threads`.
    package var gpus: Int {
        guard let object = try? JSONSerialization.jsonObject(with: Data(params.utf8)) as? [String: Any],
            let value = object["gpus"] as? NSNumber
        else { return 0 }
        return max(0, value.intValue)
    }

    /// `gpus` in SQL over `runs r`: the `gpus` parameter when it is a number, else 0.
    static let gpusSQL =
        "(CASE WHEN jsonb_typeof(r.params->'gpus') = 'number' THEN (r.params->>'gpus')::numeric ELSE 0 END)"
}
