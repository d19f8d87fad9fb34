import Foundation
import KilnProtocol
import Testing

@Suite struct TrainerMessageTests {
    @Test(
        "every message kind survives line encoding and decoding",
        arguments: [
            TrainerMessage.start(totalSteps: 1000),
            .start(totalSteps: nil),
            .metrics(step: 120, values: ["train/loss": 2.31, "lr": 0.0006, "val/prose/loss": 1.5]),
            .checkpoint(step: 500, path: "/abs/run \"7\"/step-000500.ckpt"),
            .done(step: 1000),
            .error(message: "diverged at step 3:\n\tloss nan"),
        ])
    func roundTrip(message: TrainerMessage) throws {
        #expect(!message.line.contains("\n"))
        #expect(try TrainerMessage(line: message.line) == message)
    }

    @Test("non-finite metrics are written as strings and read back as NaN and ±Infinity")
    func nonFinite() throws {
        let line = TrainerMessage.metrics(step: 3, values: ["a": .nan, "b": .infinity, "c": -.infinity]).line
        #expect(line == #"{"step":3,"metrics":{"a":"NaN","b":"Infinity","c":"-Infinity"}}"#)
        guard case .metrics(3, let values) = try TrainerMessage(line: line) else {
            Issue.record("not a metrics line")
            return
        }
        #expect(values["a"]!.isNaN)
        #expect(values["b"] == .infinity)
        #expect(values["c"] == -.infinity)
    }

    @Test("bare NaN and Infinity tokens, as Python's json.dumps writes them, are accepted outside strings")
    func pythonTokens() throws {
        let message = try TrainerMessage(
            line: #"{"step": 7, "metrics": {"train/loss": NaN, "grad_norm": -Infinity, "x": 1e-3}}"#)
        guard case .metrics(7, let values) = message else {
            Issue.record("not a metrics line")
            return
        }
        #expect(values["train/loss"]!.isNaN)
        #expect(values["grad_norm"] == -.infinity)
        #expect(values["x"] == 0.001)
        // inside a string the token is text, not a number
        #expect(try TrainerMessage(line: #"{"event": "error", "message": "loss NaN"}"#) == .error(message: "loss NaN"))
    }

    @Test(
        "malformed lines are rejected",
        arguments: [
            "not json", #"{"event": "launch"}"#, #"{"step": 1}"#, #"{"step": 1, "metrics": {"x": "high"}}"#,
            #"{"event": "checkpoint", "step": 2}"#,
        ])
    func malformed(line: String) {
        #expect(throws: ProtocolError.self) { try TrainerMessage(line: line) }
    }

    @Test(
        "steps and total_steps that are not whole numbers from 0 to 2^53 are malformed lines, never a crash",
        arguments: [
            #"{"step": 1e300, "metrics": {"x": 1}}"#, #"{"step": -1, "metrics": {"x": 1}}"#,
            #"{"step": 2.5, "metrics": {"x": 1}}"#, #"{"step": NaN, "metrics": {"x": 1}}"#,
            #"{"step": Infinity, "metrics": {"x": 1}}"#, #"{"step": 1e19, "metrics": {"x": 1}}"#,
            #"{"step": 9007199254740994, "metrics": {"x": 1}}"#, #"{"step": "3", "metrics": {"x": 1}}"#,
            #"{"event": "start", "total_steps": 1e300}"#, #"{"event": "start", "total_steps": -Infinity}"#,
            #"{"event": "start", "total_steps": 0.5}"#, #"{"event": "start", "total_steps": -3}"#,
            #"{"event": "checkpoint", "step": 1e300, "path": "/c"}"#,
            #"{"event": "checkpoint", "step": -2, "path": "/c"}"#,
            #"{"event": "done", "step": -1e300}"#, #"{"event": "done", "step": 7.25}"#,
        ])
    func badSteps(line: String) throws {
        let error = try #require(throws: ProtocolError.self) { try TrainerMessage(line: line) }
        #expect(error.problem.contains("whole number from 0 to 9007199254740992"), "\(error.problem)")
    }

    @Test("steps written as whole floats and the largest exact step are accepted")
    func wholeSteps() throws {
        #expect(
            try TrainerMessage(line: #"{"step": 120.0, "metrics": {"x": 1}}"#) == .metrics(step: 120, values: ["x": 1]))
        #expect(
            try TrainerMessage(line: #"{"event": "done", "step": 9007199254740992}"#)
                == .done(step: 9_007_199_254_740_992))
        #expect(try TrainerMessage(line: #"{"event": "start", "total_steps": 0}"#) == .start(totalSteps: 0))
    }

    @Test(
        "metric names that are empty, hold a NUL or are over 256 bytes of UTF-8 are malformed lines",
        arguments: [
            #"{"step": 1, "metrics": {"bad\u0000name": 1.0}}"#, #"{"step": 1, "metrics": {"": 1.0}}"#,
            #"{"step": 1, "metrics": {"ok": 1.0, ""# + String(repeating: "x", count: 257) + #"": 1.0}}"#,
            #"{"step": 1, "metrics": {""# + String(repeating: "é", count: 129) + #"": 1.0}}"#,
        ])
    func badNames(line: String) throws {
        let error = try #require(throws: ProtocolError.self) { try TrainerMessage(line: line) }
        #expect(error.problem.contains("metric name"), "\(error.problem)")
    }

    @Test("a metric name of exactly 256 bytes is accepted")
    func longestName() throws {
        let name = String(repeating: "é", count: 128)
        #expect(
            try TrainerMessage(line: #"{"step": 1, "metrics": {""# + name + #"": 2.0}}"#)
                == .metrics(step: 1, values: [name: 2]))
    }

    @Test("a checkpoint path with a NUL is malformed; a NUL in an error message becomes U+FFFD")
    func nulInText() throws {
        #expect(throws: ProtocolError.self) {
            try TrainerMessage(line: #"{"event": "checkpoint", "step": 2, "path": "/a\u0000b"}"#)
        }
        #expect(
            try TrainerMessage(line: #"{"event": "error", "message": "bad\u0000byte"}"#)
                == .error(message: "bad\u{FFFD}byte"))
    }

    @Test("no line crashes the decoder: numbers past Double, deep nesting, huge keys, invalid UTF-8")
    func neverCrashes() {
        let lines = [
            #"{"step": 1, "metrics": {"x": 1e400}}"#, #"{"step": 1e400, "metrics": {"x": 1}}"#,
            #"{"step": 123456789012345678901234567890, "metrics": {"x": 1}}"#,
            String(repeating: "[", count: 100_000),
            #"{"step": 1, "metrics": "# + String(repeating: "{\"a\":", count: 10_000),
            #"{"step": 1, "metrics": {""# + String(repeating: "k", count: 1_000_000) + #"": 1}}"#,
            String(decoding: [0x7B, 0xFF, 0xFE, 0x00, 0x7D] as [UInt8], as: UTF8.self),
        ]
        for line in lines {
            #expect(throws: ProtocolError.self, "\(line.prefix(60))") { try TrainerMessage(line: line) }
        }
    }
}
