import Foundation
import KilnProtocol
import KilnStore

extension TrainerLaunch {
    /// The growth a run of a stage with `from.grow` records in its parameter `grow`, or nil. Only a run
    /// with a parent grows: a `command:` trainer's own parameter of that name elsewhere is left alone.
    static func growth(of run: RunRecord) throws -> Growth? {
        struct Recorded: Decodable { var grow: Growth? }
        guard run.parentRunID != nil else { return nil }
        do {
            return try JSONDecoder().decode(Recorded.self, from: Data(run.params.utf8)).grow
        } catch {
            throw SchedulerError.invalidTrainer(run: run.name, reason: "its 'grow' parameter is not valid: \(error)")
        }
    }
}
