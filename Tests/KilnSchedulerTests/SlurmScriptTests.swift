import Foundation
import KilnScheduler
import KilnTestSupport
import Testing

/// The sbatch scripts `kiln slurm submit` keeps in `.kiln/slurm/` (no Slurm needed).
@Suite struct SlurmScriptTests {
    @Test func twoSubmissionsInTheSameSecondKeepTwoScripts() throws {
        let project = try ChildProcess.temporaryDirectory("kiln-slurm-script")
        defer { try? FileManager.default.removeItem(atPath: project) }
        var first = SlurmJobRequest(sweep: "same-second", kiln: "/usr/local/bin/kiln", projectDirectory: project)
        first.workers = 1
        var second = first
        second.workers = 2
        let now = Date()
        let firstPath = try SlurmSubmission.writeScript(first, at: now)
        let secondPath = try SlurmSubmission.writeScript(second, at: now)
        #expect(firstPath != secondPath)
        // Neither overwrote the other: each file still holds its own request.
        #expect(try String(contentsOfFile: firstPath, encoding: .utf8).contains("#SBATCH --array=0-0"))
        #expect(try String(contentsOfFile: secondPath, encoding: .utf8).contains("#SBATCH --array=0-1"))
        let scripts = try FileManager.default.contentsOfDirectory(atPath: first.folder).filter {
            $0.hasSuffix(".sbatch")
        }
        #expect(scripts.count == 2, "\(scripts)")
        var info = stat()
        #expect(lstat(secondPath, &info) == 0 && info.st_mode & 0o777 == 0o600)
    }
}
