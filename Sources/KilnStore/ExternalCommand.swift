import Foundation
import KilnProcess

/// Runs a program from an argv array (never through a shell) and collects its output.
package struct ExternalCommand {
    /// The program and its arguments; a program without a `/` is looked up in `$PATH`.
    package var argv: [String]

    /// How the command ended: its exit status, and stdout and stderr merged.
    package struct Output {
        package var status: Int32
        package var text: String
    }

    package init(argv: [String]) {
        self.argv = argv
    }

    /// Runs to completion with stdin from `/dev/null`; stdout and stderr are merged into `text`.
    /// Output goes through a file, not a pipe: a daemon the command starts (the postmaster) may keep
    /// inherited descriptors open for ever.
    @discardableResult
    package func run() throws -> Output {
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("kiln-command-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).log").path
        defer { unlink(outputPath) }
        let child: LaunchedProcess
        do throws(LaunchError) {
            child = try ProcessLaunch(argv, stdin: .null, stdout: .file(outputPath), stderr: .stdout).start()
        } catch {
            throw StoreError.command(argv: argv, status: -1, output: "cannot start: \(error.reason)")
        }
        let status = child.wait().status
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return Output(status: status, text: text)
    }

    /// Runs and throws `StoreError.command` with the output when the exit status is not 0.
    @discardableResult
    package func check() throws -> String {
        let output = try run()
        guard output.status == 0 else {
            throw StoreError.command(argv: argv, status: output.status, output: output.text)
        }
        return output.text
    }
}
