import Foundation
import KilnStore
import Testing

@testable import KilnReport

/// The provenance section: what every run shares in one line, a warning when runs differ or come from a
/// dirty tree, and each run's attempts, commit, program, argv and environment, escaped.
@Suite struct ProvenanceSectionTests {
    static func attempt(run: Int64, status: String, commit: String, dirty: Bool, hash: String) -> AttemptRecord {
        AttemptRecord(
            runID: run, attempt: 1, worker: "node7/42/0", host: "node7", status: status, startedAt: 0, finishedAt: 1,
            exitCode: status == "succeeded" ? 0 : 1, failure: nil, kilnVersion: "0.2.0",
            provenance: AttemptProvenance(
                gitCommit: commit, gitDirty: dirty, argv: ["python3", "train.py", "--tag", "<script>x</script>"],
                executable: "/work/train.py", executableSHA256: hash, environment: ["KILN_RUN_ID": "\(run)"]))
    }

    static func model(_ attempts: [[AttemptRecord]]) -> ReportModel {
        let runs = attempts.enumerated().map { index, attempts in
            var run = ReportRun(id: Int64(index + 1), name: "run-\(index)", sweep: "s")
            run.attempts = attempts
            return run
        }
        return ReportModel(sweeps: [ReportSweep(id: 1, name: "s")], runs: runs)
    }

    @Test("runs from one commit and program share one line; each row shows its last succeeded attempt, escaped")
    func sharedProvenance() throws {
        let commit = String(repeating: "ab", count: 20), hash = String(repeating: "cd", count: 32)
        let model = Self.model([
            [
                Self.attempt(run: 1, status: "failed", commit: commit, dirty: false, hash: hash),
                Self.attempt(run: 1, status: "succeeded", commit: commit, dirty: false, hash: hash),
            ],
            [Self.attempt(run: 2, status: "succeeded", commit: commit, dirty: false, hash: hash)],
        ])
        let html = try HTMLReport.render(model)
        #expect(!html.contains("<script>x</script>"), "argv is escaped")
        let section = try #require(Fixtures.section(try HTMLDocument(html), "provenance"))
        let text = section.textContent
        #expect(
            text.contains("Every run: Kiln 0.2.0, commit abababababab, program /work/train.py (sha256 cdcdcdcdcdcd)."))
        #expect(!text.contains("Warning"))
        let rows = section.find("tr").dropFirst().map { $0.find("td").map(\.textContent) }
        #expect(rows.count == 2)
        #expect(rows[0][1] == "failed, succeeded")
        #expect(rows[0][6] == "python3 train.py --tag <script>x</script>")
        #expect(rows[0][7] == "KILN_RUN_ID=1")
    }

    @Test("runs from different commits or a dirty tree are flagged")
    func differingProvenanceIsAWarning() throws {
        let hash = String(repeating: "cd", count: 32)
        let model = Self.model([
            [
                Self.attempt(
                    run: 1, status: "succeeded", commit: String(repeating: "1", count: 40), dirty: false, hash: hash)
            ],
            [
                Self.attempt(
                    run: 2, status: "succeeded", commit: String(repeating: "2", count: 40), dirty: true, hash: hash)
            ],
        ])
        let section = try #require(Fixtures.section(try HTMLDocument(HTMLReport.render(model)), "provenance"))
        #expect(
            section.textContent.contains(
                "Warning: the runs come from 2 different commits; 1 of 2 runs were started from a working tree with uncommitted changes"
            ))
        #expect(section.textContent.contains("222222222222 (dirty)"))
    }

    @Test("a sweep whose runs never started has no provenance section")
    func noAttemptsNoSection() throws {
        let document = try HTMLDocument(HTMLReport.render(Self.model([[], []])))
        #expect(Fixtures.section(document, "provenance") == nil)
    }
}
