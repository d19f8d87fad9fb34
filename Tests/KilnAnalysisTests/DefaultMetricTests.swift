import KilnAnalysis
import Testing

/// The one rule for the default metric, shared by `kiln fit scaling` and the report's headline.
struct DefaultMetricTests {
    @Test("the loss on the first eval set the spec lists that was logged, else the first validation loss by name")
    func firstListedEvalSet() {
        let names = ["train/loss", "val/code/loss", "val/prose/loss", "val/prose/acc", "lr"]
        #expect(DefaultMetric.validationLoss(among: names, evalSets: ["prose", "code"]) == "val/prose/loss")
        #expect(DefaultMetric.validationLoss(among: names, evalSets: ["web", "code"]) == "val/code/loss")
        #expect(DefaultMetric.validationLoss(among: names, evalSets: []) == "val/code/loss")
        #expect(DefaultMetric.validationLoss(among: ["train/loss", "lr"], evalSets: ["prose"]) == nil)
    }

    @Test("eval sets come from the spec's eval list, else the heaviest source of the mixture, in either form")
    func evalSets() {
        let listed =
            #"{"eval": [{"name": "prose", "source": "a"}, {"name": "code", "source": "b"}], "data": {"mixture": [{"source": "web", "weight": 1}]}}"#
        #expect(DefaultMetric.evalSets(params: listed) == ["prose", "code"])
        let mixture = #"[{"source": "web", "weight": 0.3}, {"source": "books", "weight": 0.7}]"#
        #expect(DefaultMetric.evalSets(params: #"{"data": {"mixture": \#(mixture)}}"#) == ["books"])
        #expect(DefaultMetric.evalSets(evalJSON: nil, mixtureJSON: mixture) == ["books"])
        #expect(DefaultMetric.evalSets(evalJSON: #"[{"name": "prose"}]"#, mixtureJSON: mixture) == ["prose"])
        #expect(DefaultMetric.evalSets(params: "{}").isEmpty)
    }
}
