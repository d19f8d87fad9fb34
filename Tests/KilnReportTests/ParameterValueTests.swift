import Foundation
import Testing

@testable import KilnReport

@Suite struct ParameterJSONTests {
    @Test("JSON parameters flatten to dotted keys; flags stay flags, arrays become JSON text, nulls drop")
    func flatten() throws {
        let json =
            #"{"peak_lr": 0.001, "steps": 1000, "tied": true, "one": 1, "schedule": {"kind": "wsd", "decay": {"shape": "1-sqrt"}}, "mix": [0.9, 0.1], "seed": null}"#
        let parameters = try ParameterValue.parameters(fromJSON: Data(json.utf8))
        #expect(parameters["peak_lr"] == .number(0.001))
        #expect(parameters["steps"]?.description == "1000")
        #expect(parameters["tied"] == .bool(true))
        #expect(parameters["one"] == .number(1))
        #expect(parameters["schedule.kind"] == .text("wsd"))
        #expect(parameters["schedule.decay.shape"] == .text("1-sqrt"))
        #expect(parameters["mix"] == .text("[0.9,0.1]"))
        #expect(parameters.count == 7)
    }

    @Test("a JSON array or broken JSON is a ReportError")
    func rejects() {
        #expect(throws: ReportError.self) { try ParameterValue.parameters(fromJSON: Data("[1, 2]".utf8)) }
        #expect(throws: ReportError.self) { try ParameterValue.parameters(fromJSON: Data("{\"a\": ".utf8)) }
    }
}
