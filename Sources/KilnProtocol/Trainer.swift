import Foundation

/// How a run is trained.
package enum Trainer: Sendable, Hashable, Codable {
    /// `kiln-train` with this configuration; `output_dir`, `init_from`, `resume_from` and `data_dir`
    /// are left for the scheduler to fill in at run time.
    case builtin(TrainingConfig)
    /// An external program: argv with every `{param}` substituted.
    case command([String])

    enum CodingKeys: String, CodingKey { case builtin, command }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let config = try c.decodeIfPresent(TrainingConfig.self, forKey: .builtin) {
            self = .builtin(config)
        } else {
            self = .command(try c.decode([String].self, forKey: .command))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .builtin(let config): try c.encode(config, forKey: .builtin)
        case .command(let argv): try c.encode(argv, forKey: .command)
        }
    }
}
