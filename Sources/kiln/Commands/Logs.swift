import ArgumentParser
import Foundation
import KilnStore

struct Logs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs", abstract: "Print a run's log.",
        discussion: """
            Prints the run's log (.kiln/runs/<id>/log.txt: the trainer's stdout and stderr for every attempt, with Kiln's notes marked [kiln]). When the log was written on another machine, prints the tail stored in the database instead. --follow keeps printing until the run has finished.

            Examples:
              kiln logs main-lr0.01-cosine-7917ee3b04
              kiln logs 42 --follow
            """)

    @Argument(help: "A run's name or numeric id.") var run: String
    @Flag(help: "Keep printing new lines until the run has finished.") var follow = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let connection = try store.connect()
        let runs = RunStore(connection: connection)
        var record = try runs.resolve(run)
        guard let path = record.logPath, let handle = FileHandle(forReadingAtPath: path) else {
            print(record.logTail ?? "(no log yet: the run is \(record.status.rawValue))")
            return
        }
        while true {
            let data = handle.readDataToEndOfFile()
            if !data.isEmpty { FileHandle.standardOutput.write(data) }
            guard follow, !record.status.isFinished else { return }
            try await Task.sleep(for: .milliseconds(500))
            record = try runs.run(id: record.id) ?? record
        }
    }
}
