import KilnPostgres

/// A run's planned compute: what reports and scaling fits read.
package struct RunAccounting: Sendable, Hashable {
    package var parameters: Int?
    package var tokens: Int?
    package var flops: Double?
}

extension RunStore {
    /// The planned parameter count, tokens and FLOPs of every run of a sweep, by run id.
    package func accounting(sweepID: Int64) throws -> [Int64: RunAccounting] {
        var accounting: [Int64: RunAccounting] = [:]
        for row in try connection.query(
            "SELECT id, params_count, tokens, flops FROM runs WHERE sweep_id = $1", [sweepID])
        {
            accounting[try row.decode(at: 0)] = RunAccounting(
                parameters: try row.decode(at: 1), tokens: try row.decode(at: 2), flops: try row.decode(at: 3))
        }
        return accounting
    }
}
