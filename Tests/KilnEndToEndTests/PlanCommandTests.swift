import Foundation
import KilnTestSupport
import Testing

/// `kiln plan` and `kiln run` on specs as a user writes them: summaries of large plans, `--count`,
/// the `--yes` a very large sweep needs, data checks and what a bad spec file prints (issue 11).
@Suite(.tags(.subprocess))
struct PlanCommandTests {
    /// A fresh project folder holding `spec` as `spec.yaml`.
    func project(_ spec: String) throws -> String {
        let folder = try ChildProcess.temporaryDirectory("kiln-plan")
        try spec.write(toFile: folder + "/spec.yaml", atomically: true, encoding: .utf8)
        return folder
    }

    /// A built-in sweep of `lrs` × `decays` runs.
    func grid(lrs: Int, decays: Int) -> String {
        """
        name: wide
        base: {layers: 2, width: 64, heads: 2, context: 64, batch: 16, steps: 100}
        data: synthetic
        schedule: {kind: cosine, warmup: 0.1}
        grid:
          lr: [\((1...lrs).map { "\(Double($0) * 1e-4)" }.joined(separator: ", "))]
          weight_decay: [\((0..<decays).map { "\(Double($0) * 1e-3)" }.joined(separator: ", "))]
        """
    }

    /// An external-trainer sweep of 100 × 100 × 11 = 110,000 runs.
    let huge = """
        name: huge
        trainer: {command: [/bin/echo, "{a}", "{b}", "{c}"]}
        grid:
          a: [\((0..<100).map(String.init).joined(separator: ", "))]
          b: [\((0..<100).map(String.init).joined(separator: ", "))]
          c: [\((0..<11).map(String.init).joined(separator: ", "))]
        """

    @Test("above 10,000 runs kiln plan prints a summary, not a line per run")
    func summaryAboveTheListingLimit() throws {
        let folder = try project(grid(lrs: 101, decays: 100))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let plan = try ChildProcess.run([ChildProcess.kiln, "plan", "spec.yaml"], in: folder)
        #expect(plan.status == 0, "\(plan.stderr)")
        let lines = plan.stdout.split(separator: "\n")
        #expect(lines.count < 30, "\(lines.count) lines")
        #expect(plan.stdout.hasPrefix("sweep wide: 10,100 runs in 1 stage(s)"))
        #expect(lines.contains { $0.hasPrefix("  lr ") && $0.hasSuffix("101 values from 0.0001 to 0.0101") })
        #expect(lines.contains { $0.hasPrefix("  weight_decay ") && $0.hasSuffix("100 values from 0 to 0.099") })
        #expect(plan.stdout.contains("FLOPs") && plan.stdout.contains("tokens; estimated"))
        #expect(plan.stdout.contains("--all"))
        let all = try ChildProcess.run([ChildProcess.kiln, "plan", "spec.yaml", "--all"], in: folder)
        #expect(all.stdout.split(separator: "\n").count > 10_100)
        let count = try ChildProcess.run([ChildProcess.kiln, "plan", "spec.yaml", "--count"], in: folder)
        #expect(count.stdout == "10100\n")
    }

    @Test("kiln plan --count counts a 110,000-run grid; kiln run wants --yes for it")
    func hugeSweep() throws {
        let folder = try project(huge)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let count = try ChildProcess.run([ChildProcess.kiln, "plan", "spec.yaml", "--count"], in: folder)
        #expect(count.status == 0, "\(count.stderr)")
        #expect(count.stdout == "110000\n")
        let run = try ChildProcess.run([ChildProcess.kiln, "run", "spec.yaml"], in: folder)
        #expect(run.status == 64)
        #expect(run.stderr.contains("sweep huge has more than 100000 runs"))
        #expect(run.stderr.contains("kiln run spec.yaml --yes"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/.kiln"), "nothing is created before --yes")
    }

    @Test("kiln plan checks data against the project folder: missing files are errors, unprepared corpora notes")
    func dataChecks() throws {
        let folder = try project(
            grid(lrs: 1, decays: 1).replacingOccurrences(
                of: "data: synthetic", with: "data: data/train.txt\neval: [code]"))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let missing = try ChildProcess.run([ChildProcess.kiln, "plan", "spec.yaml"], in: folder)
        #expect(missing.status == 65)
        #expect(
            missing.stderr == "spec.yaml:3:7: error: data file 'data/train.txt': no such file "
                + "(relative paths are read from the project folder, \(folder))\n")
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        try "some text\n".write(toFile: folder + "/data/train.txt", atomically: true, encoding: .utf8)
        let noted = try ChildProcess.run([ChildProcess.kiln, "plan", "spec.yaml"], in: folder)
        #expect(noted.status == 0, "\(noted.stderr)")
        #expect(
            noted.stdout.contains(
                "note: corpus 'code' is not prepared yet in .kiln/data; run 'kiln data prepare' before 'kiln run'"))
    }

    @Test("a directory or a binary file given as a spec gets a plain message and status 65")
    func badSpecFiles() throws {
        let folder = try project("")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data([0xff, 0xd8, 0xff, 0xe0, 0x00]).write(to: URL(fileURLWithPath: folder + "/photo.yaml"))
        let binary = try ChildProcess.run([ChildProcess.kiln, "plan", "photo.yaml"], in: folder)
        #expect(binary.status == 65)
        #expect(binary.stderr == "photo.yaml: error: not a text file (it is not UTF-8)\n")
        let directory = try ChildProcess.run([ChildProcess.kiln, "plan", folder + "/"], in: folder)
        #expect(directory.status == 65)
        #expect(directory.stderr == "\(folder)/: error: is a directory, not a spec file\n")
    }
}
