import KilnStore

/// A run in `kiln runs --json`: its `RunTable.Entry` fields and, under `attempts`, every attempt with
/// its provenance (Kiln version, git commit and dirty flag, host, argv, SHA-256 of the program, the
/// environment Kiln set).
package struct RunHistoryEntry: Sendable, Encodable {
    /// The run's summary.
    package var run: RunTable.Entry
    /// Its attempts in the order they started.
    package var attempts: [AttemptRecord]

    /// The entry of `run` with its `attempts`.
    package init(_ run: RunRecord, attempts: [AttemptRecord]) {
        self.run = RunTable.Entry(run)
        self.attempts = attempts
    }

    private enum CodingKeys: String, CodingKey {
        case attempts
    }

    /// The run's fields and `attempts` in one JSON object.
    package func encode(to encoder: any Encoder) throws {
        try run.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(attempts, forKey: .attempts)
    }
}
