import Foundation
import Testing
@testable import KilnSpec

/// What is wrong with a spec file itself, in the user's terms (issue 11, item 15).
@Suite struct SpecFileTests {
    /// A fresh private folder for the test's files.
    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-spec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func message(_ path: String) -> String? {
        do throws(SpecError) {
            _ = try SweepSpec(contentsOf: path)
            return nil
        } catch {
            return error.description
        }
    }

    @Test("a binary file is 'not a text file', without a Foundation message")
    func binary() throws {
        let path = try folder().appendingPathComponent("x.yaml").path
        try Data([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0x01]).write(to: URL(fileURLWithPath: path))
        #expect(message(path) == "\(path): error: not a text file (it is not UTF-8)")
    }

    @Test("a directory is 'a directory, not a spec file'")
    func directory() throws {
        let path = try folder().path + "/"
        #expect(message(path) == "\(path): error: is a directory, not a spec file")
    }

    @Test("a missing file says so")
    func missing() {
        #expect(message("/nonexistent/spec.yaml") == "/nonexistent/spec.yaml: error: no such file")
    }

    @Test("a top-level list or scalar says a spec is a mapping of keys")
    func notAMapping() throws {
        #expect(
            planError("- name: a\n- name: b\n")?.description
                == "test.yaml:1:1: error: a sweep spec is a mapping of keys (name:, base:, grid:, ...), not a list")
        #expect(
            planError("hello\n")?.description
                == "test.yaml:1:1: error: a sweep spec is a mapping of keys (name:, base:, grid:, ...), not a string")
    }
}
