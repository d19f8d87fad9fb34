import Foundation
import KilnLearningRate
import KilnProtocol
import Testing

@Suite struct TrainingConfigTests {
    static let minimal = """
        {"layers": 2, "width": 64, "heads": 2, "context": 64, "batch": 8, "steps": 100,
         "schedule": {"kind": "constant", "peak": 0.001, "warmup": 10},
         "data": {"mixture": [{"source": "prose", "weight": 1}]}, "output_dir": "runs/1"}
        """

    @Test("a minimal configuration decodes with the documented defaults")
    func defaults() throws {
        let config = try JSONDecoder().decode(TrainingConfig.self, from: Data(Self.minimal.utf8))
        #expect((config.layers, config.width, config.heads, config.context, config.batch) == (2, 64, 2, 64, 8))
        #expect(config.accumulation == 1)
        #expect((config.weightDecay, config.beta1, config.beta2, config.epsilon) == (0.1, 0.9, 0.95, 1e-8))
        #expect((config.gradClip, config.seed, config.threads) == (1.0, 0, 1))
        #expect((config.evalEvery, config.evalBatches, config.logEvery, config.checkpointEvery) == (100, 8, 10, 0))
        #expect(config.dataDir == ".kiln/data")
        #expect(config.eval.isEmpty && config.initFrom == nil && config.resumeFrom == nil)
        #expect(config.data.phases.isEmpty)
        #expect(config.schedule.learningRate(at: 9) == 0.001)
    }

    @Test("snake_case keys decode: init_from with its defaults, phases, eval sets")
    func fullKeys() throws {
        let json = """
            {"layers": 1, "width": 8, "heads": 1, "context": 4, "batch": 2, "steps": 10, "accumulation": 4,
             "schedule": {"kind": "constant", "peak": 0.01, "warmup": 0}, "grad_clip": 0, "weight_decay": 0,
             "data": {"mixture": [{"source": "prose", "weight": 3}, {"source": "/d/x.bin", "weight": 1}],
                      "phases": [{"from": 0.8, "mixture": [{"source": "code", "weight": 1}]}]},
             "eval": [{"name": "prose", "source": "prose"}], "data_dir": "/data", "eval_every": 5,
             "eval_batches": 2, "log_every": 1, "checkpoint_every": 5, "threads": 2, "output_dir": "/out",
             "init_from": {"path": "/ckpt/step-000100.ckpt", "keep_step": true}}
            """
        let config = try JSONDecoder().decode(TrainingConfig.self, from: Data(json.utf8))
        #expect(config.accumulation == 4 && config.gradClip == 0 && config.weightDecay == 0)
        #expect(config.initFrom == InitFrom(path: "/ckpt/step-000100.ckpt", optimizer: false, keepStep: true))
        #expect(
            config.data.mixture(at: 7, of: 10) == [
                DataComponent(source: "prose", weight: 3),
                DataComponent(source: "/d/x.bin", weight: 1),
            ])
        #expect(config.data.mixture(at: 8, of: 10) == [DataComponent(source: "code", weight: 1)])
        #expect(config.eval == [EvalSet(name: "prose", source: "prose")])
        #expect((config.dataDir, config.threads, config.checkpointEvery) == ("/data", 2, 5))
        let again = try JSONDecoder().decode(TrainingConfig.self, from: try JSONEncoder().encode(config))
        #expect(again == config)
    }

    @Test("a missing required key is a decoding error")
    func missingKey() {
        let json = Self.minimal.replacingOccurrences(of: #""batch": 8,"#, with: "")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(TrainingConfig.self, from: Data(json.utf8)) }
    }
}
