import ArgumentParser
import Foundation
import KilnLog
import KilnProtocol

@main
struct KilnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiln",
        abstract: "Schedule-aware sweeps, scaling-law fits and reports for language-model pretraining research.",
        version: KilnVersion.current,
        subcommands: [
            Plan.self, Run.self, Worker.self, Status.self, Runs.self, Logs.self, Cancel.self, Retry.self, Delete.self,
            Prune.self, ScheduleCommand.self,
            DataCommand.self, Fit.self, Report.self, Compare.self, Export.self, Serve.self, DB.self, SlurmCommand.self,
            Bench.self,
        ]
    )

    /// Sets up logging (`KILN_LOG`), then parses and runs the command. Argument mistakes are ArgumentParser's to explain (with the usage);
    /// every other failure is printed once, as `error: <what went wrong with what>`, and exits 1.
    static func main() async {
        KilnLogging.bootstrap()
        do {
            try await parseAndRun()
        } catch {
            // ArgumentParser's own (`ExitCode`, `ValidationError`, the help that `--help` throws from `run()`).
            if String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") { exit(withError: error) }
            FileHandle.standardError.write(Data((UserMessage.text(for: error) + "\n").utf8))
            exit(withError: ExitCode.failure)
        }
    }

    /// Parses the arguments (a mistake exits here with ArgumentParser's message) and runs the command,
    /// letting it create the project's cluster when it is a `CreatesProject` command.
    private nonisolated static func parseAndRun() async throws {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        try await StoreOptions.$mayCreateCluster.withValue(command is any CreatesProject) {
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        }
    }
}

/// A command that may make the project's local cluster when the folder has none: `kiln run`, `kiln db start`,
/// and the benchmarks that fill scratch sweeps. Every other command only opens an existing cluster, so
/// running one in the wrong folder never grows a database there.
protocol CreatesProject {}

extension Run: CreatesProject {}
extension DBStart: CreatesProject {}
extension DBServe: CreatesProject {}
extension BenchIngest: CreatesProject {}
extension BenchScheduler: CreatesProject {}
extension BenchReport: CreatesProject {}
extension BenchServe: CreatesProject {}
