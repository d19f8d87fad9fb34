import Foundation
import KilnServe
import KilnTestSupport
import Testing

/// The built `kiln serve` on a free loopback port against a test database, stopped (SIGTERM) on deinit.
final class ServeProcess {
    /// The token the tests give through KILN_SERVE_TOKEN.
    static let token = "test-token-0123456789abcdef"

    let port: Int
    let pid: pid_t
    let folder: String
    var client: HTTPProbe { HTTPProbe(port: port) }

    /// Starts `kiln serve` with `arguments` and waits (bounded) for its start line.
    init(databaseURL: String, arguments: [String] = [], listen: String = "127.0.0.1") throws {
        port = try FreePort.next()
        folder = try ChildProcess.temporaryDirectory("kiln-serve")
        pid = try ChildProcess.spawn(
            [ChildProcess.kiln, "serve", "--listen", "\(listen):\(port)", "--database-url", databaseURL] + arguments,
            in: folder, environment: ["KILN_SERVE_TOKEN": Self.token], stdout: folder + "/out", stderr: folder + "/err")
        var exited: Int32?
        waitUntil("kiln serve listens", seconds: 60) {
            exited = ChildProcess.status(ifExited: pid)
            return exited != nil || output.contains("kiln serve: http://")
        }
        if let exited {
            throw HTTPProbe.Failure(description: "kiln serve exited \(exited): \(errors)")
        }
    }

    var output: String { (try? String(contentsOfFile: folder + "/out", encoding: .utf8)) ?? "" }
    var errors: String { (try? String(contentsOfFile: folder + "/err", encoding: .utf8)) ?? "" }

    /// Sends SIGTERM and waits (bounded) for the exit; returns the status, nil if it did not exit.
    func stop() -> Int32? {
        kill(pid, SIGTERM)
        var status: Int32?
        waitUntil("kiln serve exits", seconds: 30) {
            status = status ?? ChildProcess.status(ifExited: pid)
            return status != nil
        }
        return status
    }

    deinit {
        if ChildProcess.status(ifExited: pid) == nil {
            kill(pid, SIGKILL)
            _ = ChildProcess.wait(pid)
        }
        try? FileManager.default.removeItem(atPath: folder)
    }
}
