import Foundation
import Testing
@testable import KilnSpec

/// `kiln plan` checks corpus names and data paths (issue 11, item 14).
@Suite struct DataCheckTests {
    @Test("an unknown corpus name is an error at 'data', with a suggestion when one is near")
    func unknownCorpus() throws {
        let error = try #require(planError(tinyBase.replacingOccurrences(of: "data: prose", with: "data: poetry")))
        #expect(
            error.description == "test.yaml:10:7: error: unknown corpus 'poetry' "
                + "(the corpora are prose, code, synthetic; a file path contains '/')")
        let typo = try #require(planError(tinyBase.replacingOccurrences(of: "data: prose", with: "data: prsoe")))
        #expect(
            typo.description == "test.yaml:10:7: error: unknown corpus 'prsoe'; did you mean 'prose'? "
                + "(the corpora are prose, code, synthetic; a file path contains '/')")
    }

    @Test("unknown names in a mixture and in eval are errors too")
    func unknownInMixtureAndEval() throws {
        let mixture = try #require(
            planError(tinyBase.replacingOccurrences(of: "data: prose", with: "data: {prose: 0.5, cod: 0.5}")))
        #expect(mixture.description.hasPrefix("test.yaml:10:7: error: unknown corpus 'cod'; did you mean 'code'?"))
        let eval = try #require(planError(tinyBase + "eval: [prose, synthtic]\n"))
        #expect(
            eval.description.hasPrefix("test.yaml:12:7: error: unknown corpus 'synthtic'; did you mean 'synthetic'?"))
    }

    @Test("external trainers' data is theirs: any name passes")
    func externalTrainer() throws {
        let plan = try plan("name: e\ntrainer: {command: [run, \"{data}\"]}\ndata: poetry\n")
        #expect(plan.runs.count == 1)
    }
}

extension DataCheckTests {
    /// A fresh empty project folder.
    func projectFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-spec-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func projectPlan(_ yaml: String, in folder: String) throws(SpecError) -> SweepPlan {
        try SweepPlan(spec: SweepSpec(text: yaml, file: "test.yaml"), project: ProjectFolder(path: folder))
    }

    @Test("with a project folder, a data path must exist there")
    func missingPath() throws {
        let folder = try projectFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let yaml = tinyBase.replacingOccurrences(of: "data: prose", with: "data: {synthetic: 1, data/x.txt: 1}")
        #expect(
            throws: SpecError(
                .badDataFile(
                    "data/x.txt", reason: "no such file (relative paths are read from the project folder, \(folder))"),
                at: SourceLocation(file: "test.yaml", line: 10, column: 7))
        ) {
            try projectPlan(yaml, in: folder)
        }
        try FileManager.default.createDirectory(atPath: folder + "/data/x.txt", withIntermediateDirectories: true)
        #expect(
            throws: SpecError(
                .badDataFile("data/x.txt", reason: "is a directory, not a data file"),
                at: SourceLocation(file: "test.yaml", line: 10, column: 7))
        ) {
            try projectPlan(yaml, in: folder)
        }
        try FileManager.default.removeItem(atPath: folder + "/data/x.txt")
        try "text".write(toFile: folder + "/data/x.txt", atomically: true, encoding: .utf8)
        #expect(try projectPlan(yaml, in: folder).runs.count == 1)
    }

    @Test("a known corpus that is not prepared yet is a note, once; a prepared one is silent")
    func unpreparedCorpus() throws {
        let folder = try projectFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let yaml = tinyBase + "eval: [prose, synthetic]\ngrid: {lr: [0.001, 0.002]}\n"
        let notes = try projectPlan(yaml, in: folder).notes
        #expect(
            notes == [
                "corpus 'prose' is not prepared yet in .kiln/data; run 'kiln data prepare' before 'kiln run'",
                "corpus 'synthetic' is not prepared yet in .kiln/data; run 'kiln data prepare' before 'kiln run'",
            ])
        for name in ["prose", "synthetic"] {
            try FileManager.default.createDirectory(
                atPath: folder + "/.kiln/data/\(name)", withIntermediateDirectories: true)
            try "{}".write(toFile: folder + "/.kiln/data/\(name)/meta.json", atomically: true, encoding: .utf8)
        }
        #expect(try projectPlan(yaml, in: folder).notes.isEmpty)
    }
}
