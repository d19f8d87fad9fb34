import Foundation
import KilnPostgres
import KilnProtocol

/// Populations of a sweep (population-based training): their stored rules, the lineage of their
/// members' segments, and the generation step. The worker that finishes a segment calls
/// `advance(afterFinishing:)` in the transaction that records it; under the population row's lock,
/// the one whose segment completes a generation ranks the members and registers the next
/// generation's runs, so exactly one next generation exists however many workers finish at once.
package struct PopulationStore {
    /// The connection every call uses (owned by the caller's thread).
    package let connection: Connection

    /// A store over `connection`.
    package init(connection: Connection) {
        self.connection = connection
    }

    /// Stores each rule of a sweep (replacing the rule of a re-registered stage) and the lineage
    /// rows of the first segments: `members` maps a run's name to its stage and member.
    package func register(_ rules: [PopulationRule], sweepID: Int64, members: [String: (stage: String, member: Int)])
        throws
    {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for rule in rules {
            let populationID = try connection.query(
                """
                INSERT INTO populations (sweep_id, stage, rule) VALUES ($1, $2, $3::jsonb)
                ON CONFLICT (sweep_id, stage) DO UPDATE SET rule = EXCLUDED.rule
                RETURNING id
                """, [sweepID, rule.stage, String(decoding: try encoder.encode(rule), as: UTF8.self)]
            )[0].decode(Int64.self, at: 0)
            for (name, seat) in members where seat.stage == rule.stage {
                try connection.execute(
                    """
                    INSERT INTO population_members (run_id, population_id, member, generation)
                    SELECT r.id, $3, $4, 0 FROM runs r WHERE r.sweep_id = $1 AND r.name = $2
                    ON CONFLICT DO NOTHING
                    """, [sweepID, name, populationID, seat.member])
            }
        }
    }

    /// After run `runID` ended for good: when it was the last segment of its generation to end, ranks
    /// the generation and registers the next one (unless the members have trained all their steps,
    /// a segment was cancelled, or none succeeded). Call inside the transaction that recorded the
    /// run's end. Returns the runs added.
    @discardableResult
    package func advance(afterFinishing runID: Int64) throws -> Int {
        guard
            let seat = try connection.query(
                prepared: "kiln_population_seat",
                "SELECT population_id, generation FROM population_members WHERE run_id = $1", [runID]
            ).first
        else { return 0 }
        let populationID = try seat.decode(Int64.self, at: 0), generation = try seat.decode(Int.self, at: 1)
        let locked = try connection.query(
            "SELECT rule::text, sweep_id FROM populations WHERE id = $1 FOR UPDATE", [populationID])
        guard let row = locked.first else { return 0 }
        let rule = try JSONDecoder().decode(PopulationRule.self, from: Data(try row.decode(String.self, at: 0).utf8))
        let sweepID = try row.decode(Int64.self, at: 1)
        let end = (generation + 1) * rule.ready
        guard end < rule.steps else { return 0 }
        let segments = try self.segments(populationID: populationID, generation: generation, metric: rule.metric)
        guard segments.count == rule.size,
            segments.allSatisfy({ $0.status == .succeeded || $0.status == .failed }),
            try connection.query(
                "SELECT 1 FROM population_members WHERE population_id = $1 AND generation = $2 LIMIT 1",
                [populationID, generation + 1]
            ).isEmpty
        else { return 0 }
        var scores: [Int: Double?] = [:], values: [Int: [String: Double]] = [:]
        for segment in segments {
            scores.updateValue(segment.status == .succeeded ? segment.score : nil, forKey: segment.member)
            values[segment.member] = Dictionary(
                uniqueKeysWithValues: (segment.params.members ?? []).compactMap { key, value in
                    value.doubleValue.map { (key, $0) }
                })
            try connection.execute(
                "UPDATE population_members SET score = $2 WHERE run_id = $1", [segment.runID, segment.score])
        }
        guard let next = PopulationGeneration(rule: rule, generation: generation, scores: scores, values: values)
        else { return 0 }
        let byMember = Dictionary(uniqueKeysWithValues: segments.map { ($0.member, $0) })
        for seat in next.seats {
            guard let source = byMember[seat.source] else { continue }
            try register(
                seat, from: source, rule: rule, generation: generation + 1, start: end, sweepID: sweepID,
                populationID: populationID)
        }
        try connection.execute("SELECT pg_notify($1, $2)", [RunStore.channel, String(sweepID)])
        return next.seats.count
    }

    /// The rules of the sweep's populations, by stage.
    package func rules(sweepID: Int64) throws -> [PopulationRule] {
        try connection.query("SELECT rule::text FROM populations WHERE sweep_id = $1 ORDER BY stage", [sweepID]).map {
            try JSONDecoder().decode(PopulationRule.self, from: Data(try $0.decode(String.self, at: 0).utf8))
        }
    }

    /// Every segment of the sweep's populations, by stage, generation and member: what reports draw.
    package func lineage(sweepID: Int64) throws -> [PopulationSegment] {
        try connection.query(
            """
            SELECT r.id, r.name, p.stage, pm.member, pm.generation, pm.source_member, pm.source_run_id,
                   pm.start_step, pm.changed::text, pm.score, r.params::text, r.status, r.total_steps
            FROM population_members pm JOIN populations p ON p.id = pm.population_id JOIN runs r ON r.id = pm.run_id
            WHERE p.sweep_id = $1 ORDER BY p.stage, pm.generation, pm.member
            """, [sweepID]
        ).map { row in
            PopulationSegment(
                runID: try row.decode(at: 0), runName: try row.decode(at: 1), stage: try row.decode(at: 2),
                member: try row.decode(at: 3), generation: try row.decode(at: 4), sourceMember: try row.decode(at: 5),
                sourceRunID: try row.decode(at: 6), startStep: try row.decode(at: 7),
                changed: try JSONValue(parsing: try row.decode(String.self, at: 8)), score: try row.decode(at: 9),
                params: try JSONValue(parsing: try row.decode(String.self, at: 10)),
                status: RunStatus(rawValue: try row.decode(String.self, at: 11)) ?? .pending,
                endStep: try row.decode(at: 12))
        }
    }

    /// A segment of the generation being ranked, with what its next segments copy.
    private struct Segment {
        var member: Int
        var runID: Int64
        var status: RunStatus?
        var params: JSONValue
        var trainer: JSONValue
        var score: Double?
        var row: Row
    }

    private func segments(populationID: Int64, generation: Int, metric: String) throws -> [Segment] {
        try connection.query(
            """
            SELECT pm.member, r.id, r.status, r.params::text, r.trainer::text,
                   (SELECT m.value FROM metrics m WHERE m.run_id = r.id AND m.name = $3 ORDER BY m.step DESC LIMIT 1),
                   r.stage, r.priority, r.threads, r.timeout_seconds, r.retry_attempts, r.params_count, r.tokens,
                   r.flops, r.spec_hash, r.name
            FROM population_members pm JOIN runs r ON r.id = pm.run_id
            WHERE pm.population_id = $1 AND pm.generation = $2 ORDER BY pm.member
            """, [populationID, generation, metric]
        ).map { row in
            Segment(
                member: try row.decode(at: 0), runID: try row.decode(at: 1),
                status: RunStatus(rawValue: try row.decode(String.self, at: 2)),
                params: try JSONValue(parsing: try row.decode(String.self, at: 3)),
                trainer: try JSONValue(parsing: try row.decode(String?.self, at: 4) ?? "{}"),
                score: try row.decode(at: 5), row: row)
        }
    }

    /// Registers one member's next segment: the source's configuration, `steps` moved to the
    /// segment's end and the explored parameters changed (`lr` is also the schedule's peak), starting
    /// from the source's final checkpoint with its optimizer state and step counter.
    private func register(
        _ seat: PopulationGeneration.Seat, from source: Segment, rule: PopulationRule, generation: Int, start: Int,
        sweepID: Int64, populationID: Int64
    ) throws {
        let end = start + rule.ready
        var params = source.params.setting(["steps"], to: .integer(end))
        var trainer = source.trainer
        if trainer["builtin"] != nil { trainer = trainer.setting(["builtin", "steps"], to: .integer(end)) }
        var changed: [(String, JSONValue)] = []
        for name in seat.changed.keys.sorted() {
            let value: JSONValue =
                switch seat.changed[name]! {
                case .number(let number): .number(number)
                case .integer(let number): .integer(number)
                }
            changed.append((name, .object([("from", params[name] ?? .null), ("to", value)])))
            params = params.setting([name], to: value)
            if name == "lr", params["schedule"]?["peak"] != nil {
                params = params.setting(["schedule", "peak"], to: value)
            }
            if let builtin = trainer["builtin"] {
                if name == "lr" {
                    trainer = trainer.setting(["builtin", "schedule", "peak"], to: value)
                } else if builtin[name] != nil {
                    trainer = trainer.setting(["builtin", name], to: value)
                }
            }
        }
        let paramsText = params.serialized(pretty: false), trainerText = trainer.serialized(pretty: false)
        let stage = try source.row.decode(String.self, at: 6)
        let hash = FNV1a.hex(
            [stage, paramsText, trainerText, String(source.runID), "keep_step"].joined(separator: "\n"))
        let name = "\(stage)-m\(seat.member)-g\(generation)-\(hash.prefix(10))"
        let row = source.row
        let inserted = try connection.query(
            """
            INSERT INTO runs (sweep_id, name, stage, params, config_hash, parent_run_id, priority, threads,
                              timeout_seconds, max_attempts, retry_attempts, total_steps, params_count, tokens,
                              flops, spec_hash, trainer, parent_optimizer, parent_keep_step)
            VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $10, $11, $12, $13, $14, $15, $16::jsonb, true, true)
            ON CONFLICT (sweep_id, name) DO UPDATE SET name = EXCLUDED.name
            RETURNING id
            """,
            [
                sweepID, name, stage, paramsText, hash, source.runID, try row.decode(Int.self, at: 7),
                try row.decode(Int.self, at: 8), try row.decode(Double?.self, at: 9), try row.decode(Int.self, at: 10),
                end, try row.decode(Int64?.self, at: 11), try row.decode(Int64?.self, at: 12),
                try row.decode(Double?.self, at: 13), try row.decode(String?.self, at: 14), trainerText,
            ])
        try connection.execute(
            """
            INSERT INTO population_members (run_id, population_id, member, generation, source_member, source_run_id,
                                            start_step, changed)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
            """,
            [
                try inserted[0].decode(Int64.self, at: 0), populationID, seat.member, generation, seat.source,
                source.runID, start, JSONValue.object(changed).serialized(pretty: false),
            ])
    }
}

/// One segment of a population member, as stored: what reports draw.
package struct PopulationSegment: Sendable {
    /// The segment's run.
    package var runID: Int64
    package var runName: String
    /// The population's stage.
    package var stage: String
    package var member: Int
    package var generation: Int
    /// The member whose checkpoint the segment started from (itself when it continued; nil in generation 0).
    package var sourceMember: Int?
    package var sourceRunID: Int64?
    /// The step the segment starts at.
    package var startStep: Int
    /// Explored parameters: `{"lr": {"from": …, "to": …}}`.
    package var changed: JSONValue
    /// The metric at the end of the segment, once its generation was ranked.
    package var score: Double?
    /// The segment's parameters (its `lr` is the rate it trained with).
    package var params: JSONValue
    package var status: RunStatus
    /// The step the segment ends at.
    package var endStep: Int?
}

extension JSONValue {
    /// This object with the member at `path` set to `value` (added when missing; objects on the way
    /// are created). Values that are not objects are returned unchanged.
    func setting(_ path: [String], to value: JSONValue) -> JSONValue {
        guard let key = path.first else { return value }
        guard case .object(var members) = self else { return self }
        let inner = (members.first { $0.0 == key }?.1 ?? .object([])).setting(Array(path.dropFirst()), to: value)
        if let index = members.firstIndex(where: { $0.0 == key }) {
            members[index].1 = inner
        } else {
            members.append((key, inner))
        }
        return .object(members)
    }
}
