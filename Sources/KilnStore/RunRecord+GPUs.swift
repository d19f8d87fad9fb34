import KilnProtocol

extension RunRecord {
    /// GPUs the run needs: its `gpus` parameter (a whole number, default 0), like `threads`; as `gpusSQL`
    /// reads it, so a flag (`gpus: true`) is no number of GPUs.
    package var gpus: Int {
        max(0, (try? JSONValue(parsing: params))?["gpus"]?.intValue ?? 0)
    }

    /// `gpus` in SQL over `runs r`: the `gpus` parameter when it is a number, else 0.
    static let gpusSQL =
        "(CASE WHEN jsonb_typeof(r.params->'gpus') = 'number' THEN (r.params->>'gpus')::numeric ELSE 0 END)"
}
