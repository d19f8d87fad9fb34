import Foundation
import KilnProtocol
import KilnTestSupport
import Testing
@testable import KilnSpec

/// `{param}`, `{param!q}`, `{{` and `}}` in a command trainer's argv (issue 11, item 10).
@Suite struct PlaceholderTests {
    /// The argv of the first run of a command-trainer spec.
    func argv(_ yaml: String) throws -> [String] {
        guard case .command(let argv) = try #require(try plan(yaml).runs.first).trainer else {
            Issue.record("not a command trainer")
            return []
        }
        return argv
    }

    @Test("{param!q} shell-quotes a value, so a hostile string stays one word in 'sh -c'")
    func shellQuoted() throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("kiln-spec-\(UUID().uuidString)")
            .path
        let hostile = "x; touch \(marker); echo it's $(id) `id` \"q\" \\"
        let argv = try argv(
            """
            name: q
            trainer: {command: [/bin/sh, -c, "printf '%s' {note!q}"]}
            base: {note: '\(hostile.replacingOccurrences(of: "'", with: "''"))'}
            """)
        #expect(argv[2].hasPrefix("printf '%s' '"))
        let result = try ChildProcess.run(argv)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == hostile)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test("{param} still pastes the bare value; {{ and }} are literal braces")
    func bracesAndPlain() throws {
        let argv = try argv(
            """
            name: b
            trainer: {command: [run, "--lr={lr}", "--json={{\\"lr\\": {lr}}}", "{{}}", "{kind!q}"]}
            base: {lr: 0.01, kind: plain}
            """)
        #expect(argv == ["run", "--lr=0.01", "--json={\"lr\": 0.01}", "{}", "'plain'"])
    }

    @Test("an unknown placeholder is an error at the placeholder's line and column")
    func unknownPlaceholder() throws {
        let error = try #require(
            planError(
                """
                name: u
                trainer: {command: [run, "--x={lrr}"]}
                base: {lr: 0.01}
                """))
        #expect(error.problem == .unknownPlaceholder("lrr", suggestion: "lr"))
        #expect(error.description.hasPrefix("test.yaml:2:31: error: "))
        #expect(error.description.contains("placeholder"))
    }

    @Test("an unknown conversion and an unmatched brace are errors at their place")
    func badPlaceholders() throws {
        let conversion = try #require(
            planError(
                """
                name: c
                trainer: {command: [run, "{lr!x}"]}
                base: {lr: 0.01}
                """))
        #expect(
            conversion.description
                == "test.yaml:2:27: error: unknown conversion '!x' in placeholder '{lr!x}'; use '{lr}' or '{lr!q}' (shell-quoted)"
        )
        let open = try #require(
            planError(
                """
                name: o
                trainer: {command: [run, "a{lr"]}
                base: {lr: 0.01}
                """))
        #expect(open.description.hasPrefix("test.yaml:2:28: error: "))
        #expect(open.description.contains("'{{'"))
        let close = try #require(
            planError(
                """
                name: o
                trainer:
                  command:
                    - run
                    - a}b
                base: {lr: 0.01}
                """))
        #expect(close.description.hasPrefix("test.yaml:5:8: error: "))
        #expect(close.description.contains("'}}'"))
    }

    @Test("a shell script that pastes bare placeholders gets a note; a quoted or shell-free one does not")
    func shellNote() throws {
        let pasted = try plan(
            """
            name: n
            trainer: {command: [/bin/bash, -c, "python3 train.py --note {note} --lr {lr} --tag {note!q} {{x}}"]}
            base: {note: hi, lr: 0.1}
            """)
        #expect(
            pasted.notes == [
                "main: the shell script of 'trainer.command' pastes {note}, {lr} in as shell code; "
                    + "write {note!q} to quote a value (docs/sweep-spec.md, Trainers)"
            ])
        #expect(try plan("name: q\ntrainer: {command: [sh, -c, \"echo {note!q}\"]}\nbase: {note: hi}\n").notes.isEmpty)
        #expect(
            try plan("name: p\ntrainer: {command: [python3, train.py, \"{note}\"]}\nbase: {note: hi}\n").notes.isEmpty)
    }
}
