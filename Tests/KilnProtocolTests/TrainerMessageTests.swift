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
}
