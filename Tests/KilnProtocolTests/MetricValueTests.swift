import KilnProtocol
import Testing

@Suite struct MetricValueTests {
    @Test("zero and one are numbers, not booleans", arguments: ["0.0", "0", "1", "1.0", "-0.0"])
    func zeroAndOneAreNumbers(_ literal: String) throws {
        let message = try TrainerMessage(line: #"{"step": 160, "metrics": {"lr": \#(literal)}}"#)
        #expect(message == .metrics(step: 160, values: ["lr": Double(literal)!]))
    }

    @Test func booleansAndNestedValuesAreMalformed() {
        #expect(throws: ProtocolError.self) { try TrainerMessage(line: #"{"step": 1, "metrics": {"lr": true}}"#) }
        #expect(throws: ProtocolError.self) { try TrainerMessage(line: #"{"step": 1, "metrics": {"lr": [1]}}"#) }
    }

    @Test func malformedMetricNamesTheMetric() throws {
        let error = try #require(throws: ProtocolError.self) {
            try TrainerMessage(line: #"{"step": 1, "metrics": {"train/loss": "high"}}"#)
        }
        #expect(error.problem.contains("train/loss"))
    }
}
