import Foundation
import Testing
@testable import KilnSpec

@Suite struct IdentityTests {
    let spec =
        tinyBase + """
            grid:
              lr: [0.001, 0.002, 0.004]
              batch: [8, 16]
            """

    @Test("planning the same spec twice gives the same ids")
    func stable() throws {
        let a = try plan(spec), b = try plan(spec)
        #expect(a.runs.map(\.id) == b.runs.map(\.id))
        #expect(a.runs.map(\.configHash) == b.runs.map(\.configHash))
        #expect(Set(a.runs.map(\.id)).count == a.runs.count)
    }

    @Test("changing one grid value changes only the runs that hold it")
    func local() throws {
        let a = try plan(spec), b = try plan(spec.replacingOccurrences(of: "0.004", with: "0.008"))
        let changed = zip(a.runs, b.runs).filter { $0.id != $1.id }.map { $0.0.params["lr"] }
        #expect(changed == [.double(0.004), .double(0.004)])
    }

    @Test("changing a base value changes every run; reordering YAML keys changes none")
    func wholeAndOrder() throws {
        let a = try plan(spec)
        let b = try plan(spec.replacingOccurrences(of: "steps: 100", with: "steps: 101"))
        #expect(zip(a.runs, b.runs).allSatisfy { $0.id != $1.id })
        let reordered = try plan(
            spec.replacingOccurrences(of: "  layers: 2\n  width: 64\n", with: "  width: 64\n  layers: 2\n"))
        #expect(reordered.runs.map(\.id) == a.runs.map(\.id))
    }

    @Test("ids read <stage>-<tag>-<10 hex digits>")
    func format() throws {
        let run = try #require(try plan(spec).runs.first)
        #expect(run.id.hasPrefix("main-lr0.001_batch8-"))
        let hash = run.id.split(separator: "-").last.map(String.init) ?? ""
        #expect(hash.count == 10 && hash.allSatisfy(\.isHexDigit))
        #expect(run.configHash.hasPrefix(hash) && run.configHash.count == 16)
    }

    @Test("FNV-1a 64 matches its reference values")
    func fnv() {
        #expect(RunIdentity.hash("") == "cbf29ce484222325")
        #expect(RunIdentity.hash("a") == "af63dc4c8601ec8c")
        #expect(RunIdentity.hash("foobar") == "85944171f73967e8")
    }
}
