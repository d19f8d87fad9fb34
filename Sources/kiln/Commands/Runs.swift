import ArgumentParser
import Foundation
import KilnScheduler
import KilnStore

struct Runs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List the runs of a sweep.",
        discussion: """
            One line per run: id, name, state, attempt, latest step and loss, time, and why it failed. Without a sweep name, the newest sweep.

            Examples:
              kiln runs quickstart
              kiln runs scaling --json | jq '.[] | select(.status == "failed")'
            """)

    @Argument(help: "The sweep (default: the newest).") var sweep: String?
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let connection = try store.connect()
        let sweeps = SweepStore(connection: connection)
        guard let record = try sweep.map({ try sweeps.sweep(named: $0) }) ?? sweeps.all().first else {
            throw SchedulerError.noSuchSweep(sweep ?? "(none registered)")
        }
        let runs = try RunStore(connection: connection).runs(sweepID: record.id)
        print(json ? try RunTable.json(runs.map { RunTable.Entry($0) }) : RunTable.text(runs), terminator: "")
    }
}
