import ArgumentParser
import Foundation
import KilnScheduler
import KilnStore

struct Runs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List the runs of a sweep.",
        discussion: """
            One line per run: id, name, state, attempt, latest step and loss, time, and why it failed. Without a sweep name, the newest sweep. --json adds every attempt with its provenance: Kiln version, git commit (and whether the tree was dirty) of the spec's repository, host, the trainer's argv, the SHA-256 of its program or script, and the environment Kiln set.

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
            guard let sweep else { return print("no sweeps yet: register one with 'kiln run FILE'") }
            throw SchedulerError.noSuchSweep(sweep)
        }
        let store = RunStore(connection: connection)
        let runs = try store.runs(sweepID: record.id)
        guard json else { return print(RunTable.text(runs), terminator: "") }
        let attempts = try store.attempts(sweepID: record.id)
        print(try RunTable.json(runs.map { RunHistoryEntry($0, attempts: attempts[$0.id] ?? []) }), terminator: "")
    }
}
