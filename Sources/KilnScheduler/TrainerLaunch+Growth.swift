import Foundation
import KilnProtocol
import KilnStore

extension TrainerLaunch {
    /// The growth a run of a stage with `from.grow` records in its parameter `grow`, or nil.
    static func growth(of run: RunRecord) throws -> Growth? {
        struct Recorded: Decodable { var grow: Growth? }
        do {
            return try JSONDecoder().decode(Recorded.self, from: Data(run.params.utf8)).grow
        } catch {
            throw SchedulerError.invalidTrainer(run: run.name, reason: "its 'grow' parameter is not valid: \(error)")
        }
    }
}
