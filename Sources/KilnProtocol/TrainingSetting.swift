/// One setting of a built-in run, declared once: its key (in `config.json` and in a spec), type,
/// default, valid range and doc line. `TrainingConfig`'s decoder, encoder and range check, the spec's
/// validation and the settings table of `docs/trainer-protocol.md` (`markdownTable`, compared by a
/// test) all follow from `TrainingSetting.all`.
package struct TrainingSetting: Sendable {
    /// What a setting holds.
    package enum Kind: String, Sendable {
        case integer, number, string, boolean
        /// A JSON object or list the spec resolves itself (`schedule`, `data`, `eval`, `init_from`).
        case structured = "JSON"
    }

    /// Who sets a setting.
    package enum Origin: Sendable {
        /// A spec's parameter of the same name.
        case spec
        /// The scheduler, at run time; a spec may not set it.
        case scheduler
    }

    /// The key, snake_case.
    package let key: String
    /// What the setting holds (the docs table's type column).
    package let kind: Kind
    /// The default as the docs show it; nil when the setting is required.
    package let shownDefault: String?
    /// The smallest valid value of an integer setting; nil when any integer is valid.
    package let minimum: Int?
    /// The valid values of a string setting that is one of a few words; nil for other settings.
    package let choices: [String]?
    /// Whether a spec or the scheduler sets it.
    package let origin: Origin
    /// The doc line: what the setting means.
    package let doc: String
    /// Sets an integer setting's value (nil for other kinds).
    let setInteger: (@Sendable (inout TrainingConfig, Int) -> Void)?
    /// Sets a number setting's value (nil for other kinds).
    let setNumber: (@Sendable (inout TrainingConfig, Double) -> Void)?
    /// Sets a choice or boolean setting from its text (`"peri"`, `"true"`); false when the text is not
    /// a valid value (nil for other kinds).
    let setText: (@Sendable (inout TrainingConfig, String) -> Bool)?
    let applyDefault: @Sendable (inout TrainingConfig) -> Void
    let decode: @Sendable (KeyedDecodingContainer<Key>, inout TrainingConfig) throws -> Void
    let encode: @Sendable (TrainingConfig, inout KeyedEncodingContainer<Key>) throws -> Void
    /// The setting's integer value in `config`, for range checks (nil for other kinds).
    let integerValue: (@Sendable (TrainingConfig) -> Int)?

    /// Whether a configuration must give the setting.
    package var isRequired: Bool { shownDefault == nil }

    /// Why `value` is outside an integer setting's range ("must be at least 1, found 0"), or nil.
    package func rangeProblem(_ value: Int) -> String? {
        guard let minimum, value < minimum else { return nil }
        return "must be at least \(minimum), found \(value)"
    }

    /// Sets this integer setting of `config` to `value`; does nothing for other kinds.
    package func set(integer value: Int, in config: inout TrainingConfig) {
        setInteger?(&config, value)
    }

    /// Sets this number setting of `config` to `value`; does nothing for other kinds.
    package func set(number value: Double, in config: inout TrainingConfig) {
        setNumber?(&config, value)
    }

    /// Sets this choice (`"peri"`) or boolean (`"true"`) setting of `config`; false when `text` is not
    /// one of its values or the setting is of another kind.
    package func set(text: String, in config: inout TrainingConfig) -> Bool {
        setText?(&config, text) ?? false
    }

    /// A key of `config.json`.
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

extension TrainingSetting {
    /// An integer setting; `default` nil makes it required.
    static func integer(
        _ key: String, _ path: any WritableKeyPath<TrainingConfig, Int> & Sendable, default value: Int?,
        minimum: Int?, _ doc: String
    ) -> TrainingSetting {
        TrainingSetting(
            key: key, kind: .integer, shownDefault: value.map(String.init), minimum: minimum, origin: .spec, doc: doc,
            setInteger: { $0[keyPath: path] = $1 }, setNumber: nil, setText: nil, path: path, default: value,
            integerValue: { $0[keyPath: path] })
    }

    /// A number setting with a default.
    static func number(
        _ key: String, _ path: any WritableKeyPath<TrainingConfig, Double> & Sendable, default value: Double,
        _ doc: String
    ) -> TrainingSetting {
        TrainingSetting(
            key: key, kind: .number, shownDefault: shown(value), minimum: nil, origin: .spec, doc: doc,
            setInteger: nil, setNumber: { $0[keyPath: path] = $1 }, setText: nil, path: path, default: value,
            integerValue: nil)
    }

    /// A string setting that is one of `Value`'s cases, with a default.
    static func choice<Value: RawRepresentable<String> & CaseIterable & Codable & Sendable>(
        _ key: String, _ path: any WritableKeyPath<TrainingConfig, Value> & Sendable, default value: Value,
        _ doc: String
    ) -> TrainingSetting {
        TrainingSetting(
            key: key, kind: .string, shownDefault: "`\(value.rawValue)`", minimum: nil,
            choices: Value.allCases.map(\.rawValue), origin: .spec, doc: doc, setInteger: nil, setNumber: nil,
            setText: { config, text in
                guard let parsed = Value(rawValue: text) else { return false }
                config[keyPath: path] = parsed
                return true
            }, path: path, default: value, integerValue: nil)
    }

    /// A boolean setting with a default.
    static func boolean(
        _ key: String, _ path: any WritableKeyPath<TrainingConfig, Bool> & Sendable, default value: Bool,
        _ doc: String
    ) -> TrainingSetting {
        TrainingSetting(
            key: key, kind: .boolean, shownDefault: "\(value)", minimum: nil, choices: ["true", "false"],
            origin: .spec, doc: doc, setInteger: nil, setNumber: nil,
            setText: { config, text in
                guard let parsed = Bool(text) else { return false }
                config[keyPath: path] = parsed
                return true
            }, path: path, default: value, integerValue: nil)
    }

    /// A string or structured setting; `default` nil makes it required.
    static func value<Value: Codable & Sendable>(
        _ key: String, _ kind: Kind, _ path: any WritableKeyPath<TrainingConfig, Value> & Sendable,
        default value: Value?,
        shown: String? = nil, origin: Origin = .spec, _ doc: String
    ) -> TrainingSetting {
        TrainingSetting(
            key: key, kind: kind, shownDefault: value == nil ? nil : shown, minimum: nil, origin: origin, doc: doc,
            setInteger: nil, setNumber: nil, setText: nil, path: path, default: value, integerValue: nil)
    }

    /// A setting that is absent unless given (default: none).
    static func optional<Value: Codable & Sendable>(
        _ key: String, _ kind: Kind, _ path: any WritableKeyPath<TrainingConfig, Value?> & Sendable, origin: Origin,
        _ doc: String
    ) -> TrainingSetting {
        TrainingSetting(
            key: key, kind: kind, shownDefault: "none", minimum: nil, origin: origin, doc: doc, setInteger: nil,
            setNumber: nil, setText: nil,
            integerValue: nil, applyDefault: { $0[keyPath: path] = nil },
            decode: { container, config in
                config[keyPath: path] = try container.decodeIfPresent(Value.self, forKey: Key(stringValue: key))
            },
            encode: { config, container in
                try container.encodeIfPresent(config[keyPath: path], forKey: Key(stringValue: key))
            })
    }

    private init<Value: Codable & Sendable>(
        key: String, kind: Kind, shownDefault: String?, minimum: Int?, choices: [String]? = nil, origin: Origin,
        doc: String,
        setInteger: (@Sendable (inout TrainingConfig, Int) -> Void)?,
        setNumber: (@Sendable (inout TrainingConfig, Double) -> Void)?,
        setText: (@Sendable (inout TrainingConfig, String) -> Bool)?,
        path: any WritableKeyPath<TrainingConfig, Value> & Sendable, default value: Value?,
        integerValue: (@Sendable (TrainingConfig) -> Int)?
    ) {
        self.init(
            key: key, kind: kind, shownDefault: shownDefault, minimum: minimum, choices: choices, origin: origin,
            doc: doc, setInteger: setInteger,
            setNumber: setNumber, setText: setText, integerValue: integerValue,
            applyDefault: { config in if let value { config[keyPath: path] = value } },
            decode: { container, config in
                let codingKey = Key(stringValue: key)
                if let decoded = try container.decodeIfPresent(Value.self, forKey: codingKey) {
                    config[keyPath: path] = decoded
                } else if value == nil {
                    throw DecodingError.keyNotFound(
                        codingKey, .init(codingPath: container.codingPath, debugDescription: "\(key) is required"))
                }
            },
            encode: { config, container in try container.encode(config[keyPath: path], forKey: Key(stringValue: key)) })
    }

    private init(
        key: String, kind: Kind, shownDefault: String?, minimum: Int?, choices: [String]? = nil, origin: Origin,
        doc: String,
        setInteger: (@Sendable (inout TrainingConfig, Int) -> Void)?,
        setNumber: (@Sendable (inout TrainingConfig, Double) -> Void)?,
        setText: (@Sendable (inout TrainingConfig, String) -> Bool)?,
        integerValue: (@Sendable (TrainingConfig) -> Int)?,
        applyDefault: @escaping @Sendable (inout TrainingConfig) -> Void,
        decode: @escaping @Sendable (KeyedDecodingContainer<Key>, inout TrainingConfig) throws -> Void,
        encode: @escaping @Sendable (TrainingConfig, inout KeyedEncodingContainer<Key>) throws -> Void
    ) {
        self.key = key
        self.kind = kind
        self.shownDefault = shownDefault
        self.minimum = minimum
        self.choices = choices
        self.origin = origin
        self.doc = doc
        self.setInteger = setInteger
        self.setNumber = setNumber
        self.setText = setText
        self.integerValue = integerValue
        self.applyDefault = applyDefault
        self.decode = decode
        self.encode = encode
    }

    /// `1e-08` as `1e-8`, `0.1` as `0.1`: a default as the docs write it.
    private static func shown(_ value: Double) -> String {
        let parts = "\(value)".split(separator: "e")
        guard parts.count == 2, let exponent = Int(parts[1]) else { return "\(value)" }
        return "\(parts[0])e\(exponent)"
    }
}
