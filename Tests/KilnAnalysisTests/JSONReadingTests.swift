import Foundation
import Testing
@testable import KilnAnalysis

/// Stored JSON is read through the one `JSONValue`: `true` stays a boolean, `1` a number (issue 12).
@Suite struct JSONReadingTests {
    @Test("an isoflop budget of true is not a budget of 1 FLOP; 1 and 6e18 stay numbers")
    func budgetBoolean() {
        #expect(SweepAnalysis.budget(#"{"budget": true}"#) == nil)
        #expect(SweepAnalysis.budget(#"{"budget": 1}"#) == 1)
        #expect(SweepAnalysis.budget(#"{"budget": 6e18, "seed": 1}"#) == 6e18)
    }

    @Test("eval sets come from string names; a boolean name is not one")
    func evalSets() {
        #expect(DefaultMetric.evalSets(params: #"{"eval": [{"name": "prose"}, {"name": true}]}"#) == ["prose"])
        #expect(
            DefaultMetric.evalSets(
                params: #"{"data": {"mixture": [{"source": "code", "weight": 2}, {"source": "prose", "weight": 1}]}}"#)
                == ["code"])
        #expect(DefaultMetric.evalSets(evalJSON: #"[{"name": "code"}]"#, mixtureJSON: nil) == ["code"])
    }
}
